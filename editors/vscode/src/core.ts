// Logic of the extension that does not depend on VS Code: reading settings into the
// object the server expects, formatting the status-bar item, and finding the server
// executable. Kept free of `vscode` imports so that it runs under `node --test`.

import * as fs from "node:fs";
import * as path from "node:path";

export const INSTALL_URL = "https://github.com/copydesk/copydesk#install";

export const PROFILES = ["ap", "reuters"] as const;
export type Profile = (typeof PROFILES)[number];

export const DATE_POLICIES = ["document", "today"] as const;
export type DatePolicy = (typeof DATE_POLICIES)[number];

export const LEVELS = ["error", "warning", "info", "hint", "off"] as const;
export type Level = (typeof LEVELS)[number];

/** The settings object the server reads from `initializationOptions` and
 * `workspace/didChangeConfiguration` (under the `copydesk` key). */
export interface ServerSettings {
  profile: Profile;
  date: string | null;
  datePolicy: DatePolicy;
  rules: Record<string, Level>;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  profile: "ap",
  date: null,
  datePolicy: "document",
  rules: {},
};

export interface ReadResult {
  settings: ServerSettings;
  /** Human-readable notes about values that were ignored. */
  problems: string[];
}

/** Reads one setting under `copydesk.`; mirrors `WorkspaceConfiguration.get`. */
export type SettingGetter = (key: string) => unknown;

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (values as readonly string[]).includes(value);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) {
    return false;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Turns the user's `copydesk.*` settings into the server's settings object.
 * Invalid values fall back to the defaults and are reported in `problems`. */
export function readSettings(get: SettingGetter): ReadResult {
  const problems: string[] = [];
  const settings: ServerSettings = { ...DEFAULT_SETTINGS, rules: {} };

  const profile = get("profile");
  if (profile !== undefined && profile !== null) {
    const p = typeof profile === "string" ? profile.trim().toLowerCase() : profile;
    if (isOneOf(PROFILES, p)) {
      settings.profile = p;
    } else {
      problems.push(
        `copydesk.profile: ${JSON.stringify(profile)} is not a known profile (${PROFILES.join(", ")}); using "ap".`,
      );
    }
  }

  const date = get("date");
  if (typeof date === "string" && date.trim() !== "") {
    if (isIsoDate(date.trim())) {
      settings.date = date.trim();
    } else {
      problems.push(`copydesk.date: ${JSON.stringify(date)} is not a date of the form YYYY-MM-DD; ignored.`);
    }
  } else if (date !== undefined && date !== null && date !== "") {
    problems.push(`copydesk.date: expected a string of the form YYYY-MM-DD; ignored.`);
  }

  const policy = get("datePolicy");
  if (policy !== undefined && policy !== null) {
    if (isOneOf(DATE_POLICIES, policy)) {
      settings.datePolicy = policy;
    } else {
      problems.push(
        `copydesk.datePolicy: ${JSON.stringify(policy)} is not one of ${DATE_POLICIES.join(", ")}; using "document".`,
      );
    }
  }

  const rules = get("rules");
  if (rules !== undefined && rules !== null) {
    if (typeof rules === "object" && !Array.isArray(rules)) {
      for (const [id, level] of Object.entries(rules as Record<string, unknown>)) {
        const l = typeof level === "string" ? level.trim().toLowerCase() : level;
        if (id.trim() === "") {
          problems.push(`copydesk.rules: an empty rule id was ignored.`);
        } else if (isOneOf(LEVELS, l)) {
          settings.rules[id.trim()] = l;
        } else {
          problems.push(
            `copydesk.rules: level ${JSON.stringify(level)} for "${id}" is not one of ${LEVELS.join(", ")}; ignored.`,
          );
        }
      }
    } else {
      problems.push(`copydesk.rules: expected an object mapping rule ids to levels; ignored.`);
    }
  }

  return { settings, problems };
}

/** The `initializationOptions` sent when the server starts. */
export function initializationOptions(settings: ServerSettings): { copydesk: ServerSettings } {
  return { copydesk: settings };
}

/** The `settings` member of a `workspace/didChangeConfiguration` notification. */
export function didChangeConfigurationSettings(settings: ServerSettings): { copydesk: ServerSettings } {
  return { copydesk: settings };
}

/** Answers one item of a `workspace/configuration` request, or `undefined` when
 * the section is not ours. */
export function configurationItem(section: string | undefined, settings: ServerSettings): unknown {
  if (section === "copydesk") {
    return settings;
  }
  if (section !== undefined && section.startsWith("copydesk.")) {
    const key = section.slice("copydesk.".length) as keyof ServerSettings;
    return Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : null;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Status bar

export function profileLabel(profile: Profile): string {
  return profile === "ap" ? "AP" : "Reuters";
}

export function profileTitle(profile: Profile): string {
  return profile === "ap" ? "Associated Press" : "Reuters";
}

export type ServerState = "starting" | "running" | "stopped";

/** The server's `copydesk/status` notification: what a document is checked with. */
export interface DocumentStatus {
  uri: string;
  profile: string;
  profileSource: string;
  date: string;
  dateSource: string;
  project: string | null;
}

/** A profile name as the status bar shows it: "AP", "Reuters", or a pack's own name. */
export function serverProfileLabel(profile: string): string {
  if (profile === "ap" || profile === "reuters") {
    return profileLabel(profile);
  }
  return profile;
}

export interface StatusInput {
  /** The editor setting, shown until the server reports the document's own profile. */
  profile: Profile;
  state: ServerState;
  /** Findings in the active document; `undefined` when it is not checked. */
  findings: number | undefined;
  /** What the server reported for the active document (it wins over `profile`). */
  document?: DocumentStatus;
}

export interface StatusView {
  text: string;
  tooltip: string;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Text and tooltip of the status-bar item. Codicons (`$(name)`) are rendered by VS Code. */
export function formatStatus(input: StatusInput): StatusView {
  const doc = input.document;
  const label = doc ? serverProfileLabel(doc.profile) : profileLabel(input.profile);
  const named = doc && doc.profile !== "ap" && doc.profile !== "reuters";
  const title = `${named ? `the ${doc.profile}` : profileTitle((doc?.profile as Profile) ?? input.profile)} house style`;
  const view = plainStatus(input, label, title);
  if (doc && input.state === "running") {
    view.tooltip += ` Profile ${doc.profile} (${doc.profileSource}); story date ${doc.date} (${doc.dateSource}).`;
  }
  return view;
}

function plainStatus(input: StatusInput, label: string, title: string): StatusView {
  if (input.state === "stopped") {
    return {
      text: `$(error) copydesk ${label}`,
      tooltip: `copydesk: the server is not running. Click to show its output.`,
    };
  }
  if (input.state === "starting") {
    return {
      text: `$(sync~spin) copydesk ${label}`,
      tooltip: `copydesk: starting the server (${title}).`,
    };
  }
  if (input.findings === undefined) {
    return { text: `copydesk ${label}`, tooltip: `copydesk: ${title}. Click to show the output.` };
  }
  if (input.findings === 0) {
    return {
      text: `$(check) copydesk ${label}`,
      tooltip: `copydesk: ${title}. No findings in this document.`,
    };
  }
  return {
    text: `$(warning) copydesk ${label}: ${input.findings}`,
    tooltip: `copydesk: ${title}. ${plural(input.findings, "finding", "findings")} in this document.`,
  };
}

/** Counts the diagnostics that copydesk published. */
export function countFindings(diagnostics: readonly { source?: string }[]): number {
  return diagnostics.filter((d) => d.source === "copydesk").length;
}

// ---------------------------------------------------------------------------
// Finding the server

export interface ResolveContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
  /** First workspace folder, used for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
  /** Whether `file` is an executable regular file. */
  isExecutable: (file: string) => boolean;
}

export type Resolution =
  | { found: true; command: string }
  | { found: false; setting: string; tried: string[]; reason: string };

/** Default `isExecutable`, backed by the file system. */
export function isExecutableFile(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function envValue(env: Record<string, string | undefined>, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== "win32") {
    return env[name];
  }
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** Candidate file names for `file`: on Windows, with each PATHEXT extension unless it has one. */
function withExtensions(file: string, ctx: ResolveContext, p: path.PlatformPath): string[] {
  if (ctx.platform !== "win32" || p.extname(file) !== "") {
    return [file];
  }
  const exts = (envValue(ctx.env, "PATHEXT", ctx.platform) ?? ".COM;.EXE;.BAT;.CMD")
    .split(";")
    .filter((e) => e !== "");
  return [file, ...exts.map((e) => file + e.toLowerCase())];
}

/** Resolves the `copydesk.server.path` setting to an executable. A bare name is
 * searched on PATH; a path may use `~`, `${workspaceFolder}`, `${userHome}` and
 * `${env:NAME}`, and a relative one is taken from the workspace folder. */
export function resolveServerPath(setting: string | undefined | null, ctx: ResolveContext): Resolution {
  const p = ctx.platform === "win32" ? path.win32 : path.posix;
  const raw = typeof setting === "string" && setting.trim() !== "" ? setting.trim() : "copydesk";

  let unresolved: string | undefined;
  let expanded = raw.replace(/\$\{(workspaceFolder|userHome|env:([^}]+))\}/g, (whole, name: string, envName?: string) => {
    if (name === "workspaceFolder") {
      if (ctx.workspaceFolder === undefined) {
        unresolved = "${workspaceFolder} is used but no folder is open";
        return whole;
      }
      return ctx.workspaceFolder;
    }
    if (name === "userHome") {
      return ctx.homedir;
    }
    return envValue(ctx.env, envName ?? "", ctx.platform) ?? "";
  });
  if (expanded === "~" || expanded.startsWith("~/") || (ctx.platform === "win32" && expanded.startsWith("~\\"))) {
    expanded = ctx.homedir + expanded.slice(1);
  }
  if (unresolved !== undefined) {
    return { found: false, setting: raw, tried: [], reason: unresolved };
  }

  const isPath = expanded.includes("/") || (ctx.platform === "win32" && expanded.includes("\\"));
  if (isPath) {
    let file = expanded;
    if (!p.isAbsolute(file)) {
      if (ctx.workspaceFolder === undefined) {
        return {
          found: false,
          setting: raw,
          tried: [],
          reason: `the relative path "${raw}" needs an open folder to be resolved against`,
        };
      }
      file = p.resolve(ctx.workspaceFolder, file);
    }
    const tried = withExtensions(file, ctx, p);
    const hit = tried.find((f) => ctx.isExecutable(f));
    return hit !== undefined
      ? { found: true, command: hit }
      : { found: false, setting: raw, tried, reason: `no executable file at ${file}` };
  }

  const dirs = (envValue(ctx.env, "PATH", ctx.platform) ?? "").split(p.delimiter).filter((d) => d !== "");
  const tried: string[] = [];
  for (const dir of dirs) {
    for (const candidate of withExtensions(p.join(dir, expanded), ctx, p)) {
      tried.push(candidate);
      if (ctx.isExecutable(candidate)) {
        return { found: true, command: candidate };
      }
    }
  }
  return { found: false, setting: raw, tried, reason: `"${expanded}" was not found on PATH` };
}

/** The error shown when the server cannot be found. */
export function missingServerMessage(r: Extract<Resolution, { found: false }>): string {
  return (
    `copydesk: cannot start the language server: ${r.reason}. ` +
    `Install copydesk (see the install instructions), or point the "copydesk.server.path" setting at the binary.`
  );
}
