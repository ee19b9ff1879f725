// Loads the bundled extension (dist/extension.js) against a small stand-in for the
// `vscode` module, to check what can be checked without an editor: the bundle
// loads, the commands it registers are the ones package.json declares, and a
// missing server gives an error that links to the install instructions.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { test } from "node:test";
import { INSTALL_URL } from "../src/core";

const root = path.resolve(__dirname, "..", "..");
const bundle = path.join(root, "dist", "extension.js");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  errors: { message: string; items: string[] }[];
  opened: string[];
  settingsOpened: unknown[];
  status: { text: string; shown: boolean };
  log: string[];
}

function fakeVscode(settings: Record<string, unknown>, choose: (items: string[]) => string | undefined) {
  const rec: Recorded = {
    commands: new Map(),
    errors: [],
    opened: [],
    settingsOpened: [],
    status: { text: "", shown: false },
    log: [],
  };
  const disposable = { dispose() {} };
  const event = () => disposable;
  const channel = {
    name: "copydesk",
    logLevel: 2,
    onDidChangeLogLevel: event,
    ...Object.fromEntries(
      ["trace", "debug", "info", "warn", "error", "append", "appendLine", "replace"].map((m) => [
        m,
        (msg: unknown) => rec.log.push(`${m}: ${String(msg)}`),
      ]),
    ),
    clear() {},
    show() {},
    hide() {},
    dispose() {},
  };
  class CodeActionKind {
    static readonly SourceFixAll = new CodeActionKind("source.fixAll");
    constructor(readonly value: string) {}
    append(part: string) {
      return new CodeActionKind(`${this.value}.${part}`);
    }
    contains(other: CodeActionKind) {
      return other.value === this.value || other.value.startsWith(`${this.value}.`);
    }
  }
  class EventEmitter {
    event = event;
    fire() {}
    dispose() {}
  }
  const known: Record<string, unknown> = {
    CodeActionKind,
    EventEmitter,
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    Uri: { parse: (s: string) => ({ toString: () => s }) },
    commands: {
      registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
        rec.commands.set(id, fn);
        return disposable;
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        if (id === "workbench.action.openSettings") {
          rec.settingsOpened.push(args[0]);
        }
        return undefined;
      },
    },
    env: {
      openExternal: async (uri: { toString(): string }) => {
        rec.opened.push(uri.toString());
        return true;
      },
    },
    languages: { onDidChangeDiagnostics: event, getDiagnostics: () => [] },
    window: {
      activeTextEditor: { document: { languageId: "markdown", uri: {} } },
      createOutputChannel: () => channel,
      createStatusBarItem: () => ({
        set text(t: string) {
          rec.status.text = t;
        },
        get text() {
          return rec.status.text;
        },
        show() {
          rec.status.shown = true;
        },
        hide() {
          rec.status.shown = false;
        },
        dispose() {},
      }),
      onDidChangeActiveTextEditor: event,
      showErrorMessage: async (message: string, ...items: string[]) => {
        rec.errors.push({ message, items });
        return choose(items);
      },
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({
        get: (key: string, fallback?: unknown) => (key in settings ? settings[key] : fallback),
      }),
      onDidChangeConfiguration: event,
      onDidOpenTextDocument: event,
    },
  };
  // Anything else the language client touches while loading is an inert object.
  const inert: object = new Proxy(function () {}, {
    get: (_t, prop) => (prop === Symbol.toPrimitive ? () => "" : inert),
    apply: () => inert,
    construct: () => inert,
  });
  const vscode = new Proxy(known, { get: (t, prop: string) => (prop in t ? t[prop] : inert) });
  return { vscode, rec };
}

function loadExtension(vscode: unknown): {
  activate: (ctx: unknown) => Promise<void>;
  deactivate: () => Promise<void>;
} {
  const mod = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
  };
  const original = mod._load;
  mod._load = (request, parent, isMain) => (request === "vscode" ? vscode : original(request, parent, isMain));
  try {
    delete require.cache[require.resolve(bundle)];
    return require(bundle);
  } finally {
    mod._load = original;
  }
}

test("the bundle exists (run `npm run build` first)", () => {
  assert.ok(fs.existsSync(bundle), `${bundle} is missing`);
});

test("a missing server: an error with install instructions, commands still registered", async () => {
  const { vscode, rec } = fakeVscode({ "server.path": "/nonexistent/copydesk", profile: "reuters" }, (items) =>
    items.includes("Install instructions") ? "Install instructions" : undefined,
  );
  const ext = loadExtension(vscode);
  const context = { subscriptions: [] as { dispose(): void }[] };
  await ext.activate(context);
  await new Promise((resolve) => setImmediate(resolve));

  assert.equal(rec.errors.length, 1);
  assert.match(rec.errors[0]!.message, /cannot start the language server: no executable file at \/nonexistent\/copydesk/);
  assert.deepEqual(rec.errors[0]!.items, ["Install instructions", "Open settings", "Show output"]);
  assert.deepEqual(rec.opened, [INSTALL_URL]);

  const declared = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual([...rec.commands.keys()].sort(), declared);

  assert.equal(rec.status.shown, true);
  assert.equal(rec.status.text, "$(error) copydesk Reuters");

  for (const d of context.subscriptions) {
    d.dispose();
  }
  await ext.deactivate();
});

test("manifest: settings and activation match what the extension reads", () => {
  const props = Object.keys(manifest.contributes.configuration.properties).sort();
  assert.deepEqual(props, [
    "copydesk.date",
    "copydesk.datePolicy",
    "copydesk.profile",
    "copydesk.rules",
    "copydesk.server.path",
    "copydesk.trace.server",
  ]);
  assert.deepEqual(manifest.activationEvents, ["onLanguage:markdown", "onLanguage:plaintext"]);
  assert.equal(manifest.main, "./dist/extension.js");
  assert.equal(manifest.license, "MIT");
});
