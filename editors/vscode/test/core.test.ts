import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import {
  configurationItem,
  countFindings,
  DEFAULT_SETTINGS,
  didChangeConfigurationSettings,
  formatStatus,
  initializationOptions,
  isExecutableFile,
  isIsoDate,
  missingServerMessage,
  readSettings,
  resolveServerPath,
  type ResolveContext,
} from "../src/core";

function getter(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe("readSettings", () => {
  test("defaults when nothing is set", () => {
    const { settings, problems } = readSettings(getter({}));
    assert.deepEqual(settings, { profile: "ap", date: null, datePolicy: "document", rules: {} });
    assert.deepEqual(problems, []);
  });

  test("defaults as VS Code reports them", () => {
    const { settings, problems } = readSettings(
      getter({ profile: "ap", date: null, datePolicy: "document", rules: {}, "server.path": "copydesk" }),
    );
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  test("every setting maps to the server's keys", () => {
    const { settings, problems } = readSettings(
      getter({
        profile: "reuters",
        date: "2025-11-26",
        datePolicy: "today",
        rules: { "ap.usage.us": "off", "ap.names.spelling": "error" },
      }),
    );
    assert.deepEqual(settings, {
      profile: "reuters",
      date: "2025-11-26",
      datePolicy: "today",
      rules: { "ap.usage.us": "off", "ap.names.spelling": "error" },
    });
    assert.deepEqual(problems, []);
  });

  test("profile and levels are case-insensitive and trimmed", () => {
    const { settings } = readSettings(getter({ profile: " Reuters ", rules: { " ap.usage.us ": "Warning" } }));
    assert.equal(settings.profile, "reuters");
    assert.deepEqual(settings.rules, { "ap.usage.us": "warning" });
  });

  test("an empty date means no date", () => {
    assert.equal(readSettings(getter({ date: "" })).settings.date, null);
    assert.equal(readSettings(getter({ date: "   " })).settings.date, null);
    assert.deepEqual(readSettings(getter({ date: "" })).problems, []);
  });

  test("invalid values fall back and are reported", () => {
    const { settings, problems } = readSettings(
      getter({
        profile: "nyt",
        date: "26/11/2025",
        datePolicy: "yesterday",
        rules: { "ap.usage.us": "loud", "ap.dateline.format": "hint", "": "off" },
      }),
    );
    assert.deepEqual(settings, {
      profile: "ap",
      date: null,
      datePolicy: "document",
      rules: { "ap.dateline.format": "hint" },
    });
    assert.equal(problems.length, 5);
    assert.match(problems[0]!, /copydesk\.profile: "nyt"/);
    assert.match(problems[1]!, /copydesk\.date: "26\/11\/2025"/);
    assert.match(problems[2]!, /copydesk\.datePolicy: "yesterday"/);
    assert.match(problems[3]!, /"ap\.usage\.us"/);
    assert.match(problems[4]!, /empty rule id/);
  });

  test("rules that are not an object are ignored", () => {
    for (const rules of [["ap.usage.us"], "ap.usage.us=off", 3]) {
      const { settings, problems } = readSettings(getter({ rules }));
      assert.deepEqual(settings.rules, {});
      assert.equal(problems.length, 1);
    }
  });

  test("the result does not share the defaults' rules object", () => {
    const a = readSettings(getter({})).settings;
    a.rules["x"] = "off";
    assert.deepEqual(DEFAULT_SETTINGS.rules, {});
  });
});

describe("isIsoDate", () => {
  test("accepts real dates only", () => {
    assert.equal(isIsoDate("2025-11-26"), true);
    assert.equal(isIsoDate("2024-02-29"), true);
    assert.equal(isIsoDate("2025-02-29"), false);
    assert.equal(isIsoDate("2025-13-01"), false);
    assert.equal(isIsoDate("2025-11-26T00:00"), false);
    assert.equal(isIsoDate("25-11-26"), false);
  });
});

describe("messages to the server", () => {
  const settings = readSettings(getter({ profile: "reuters", date: "2025-11-26" })).settings;

  test("initializationOptions carry the settings under `copydesk`", () => {
    assert.deepEqual(initializationOptions(settings), {
      copydesk: { profile: "reuters", date: "2025-11-26", datePolicy: "document", rules: {} },
    });
  });

  test("didChangeConfiguration carries the same object", () => {
    assert.deepEqual(didChangeConfigurationSettings(settings), initializationOptions(settings));
  });

  test("serialises to the documented JSON", () => {
    assert.equal(
      JSON.stringify(initializationOptions(settings)),
      '{"copydesk":{"profile":"reuters","date":"2025-11-26","datePolicy":"document","rules":{}}}',
    );
  });

  test("workspace/configuration items", () => {
    assert.deepEqual(configurationItem("copydesk", settings), settings);
    assert.equal(configurationItem("copydesk.profile", settings), "reuters");
    assert.equal(configurationItem("copydesk.nothing", settings), null);
    assert.equal(configurationItem("editor", settings), undefined);
    assert.equal(configurationItem(undefined, settings), undefined);
  });
});

describe("formatStatus", () => {
  test("findings in the active document", () => {
    assert.deepEqual(formatStatus({ profile: "ap", state: "running", findings: 5 }), {
      text: "$(warning) copydesk AP: 5",
      tooltip: "copydesk: Associated Press house style. 5 findings in this document.",
    });
    assert.equal(
      formatStatus({ profile: "reuters", state: "running", findings: 1 }).tooltip,
      "copydesk: Reuters house style. 1 finding in this document.",
    );
  });

  test("a clean document", () => {
    assert.deepEqual(formatStatus({ profile: "reuters", state: "running", findings: 0 }), {
      text: "$(check) copydesk Reuters",
      tooltip: "copydesk: Reuters house style. No findings in this document.",
    });
  });

  test("starting and stopped", () => {
    assert.equal(formatStatus({ profile: "ap", state: "starting", findings: undefined }).text, "$(sync~spin) copydesk AP");
    assert.equal(formatStatus({ profile: "ap", state: "stopped", findings: 3 }).text, "$(error) copydesk AP");
  });

  test("the server's profile and date for the document win over the editor setting", () => {
    const document = {
      uri: "file:///story.md",
      profile: "reuters",
      profileSource: "/news/copydesk.toml",
      date: "2025-11-26",
      dateSource: "dateline",
      project: "/news/copydesk.toml",
    };
    assert.deepEqual(formatStatus({ profile: "ap", state: "running", findings: 2, document }), {
      text: "$(warning) copydesk Reuters: 2",
      tooltip:
        "copydesk: Reuters house style. 2 findings in this document. Profile reuters (/news/copydesk.toml); story date 2025-11-26 (dateline).",
    });
    const house = { ...document, profile: "marrowvale" };
    assert.equal(formatStatus({ profile: "ap", state: "running", findings: 0, document: house }).text, "$(check) copydesk marrowvale");
    assert.equal(
      formatStatus({ profile: "ap", state: "running", findings: 0, document: house }).tooltip,
      "copydesk: the marrowvale house style. No findings in this document. Profile marrowvale (/news/copydesk.toml); story date 2025-11-26 (dateline).",
    );
  });

  test("unknown count", () => {
    assert.equal(formatStatus({ profile: "ap", state: "running", findings: undefined }).text, "copydesk AP");
  });

  test("countFindings counts only copydesk's diagnostics", () => {
    assert.equal(
      countFindings([{ source: "copydesk" }, { source: "cSpell" }, {}, { source: "copydesk" }]),
      2,
    );
    assert.equal(countFindings([]), 0);
  });
});

describe("resolveServerPath", () => {
  function ctx(files: string[], overrides: Partial<ResolveContext> = {}): ResolveContext {
    const set = new Set(files);
    return {
      platform: "linux",
      env: { PATH: "/usr/local/bin:/usr/bin:/home/me/.cargo/bin" },
      homedir: "/home/me",
      workspaceFolder: "/work/story",
      isExecutable: (f) => set.has(f),
      ...overrides,
    };
  }

  test("a bare name is searched on PATH in order", () => {
    assert.deepEqual(resolveServerPath("copydesk", ctx(["/usr/bin/copydesk", "/home/me/.cargo/bin/copydesk"])), {
      found: true,
      command: "/usr/bin/copydesk",
    });
  });

  test("empty or missing setting means `copydesk` on PATH", () => {
    const c = ctx(["/home/me/.cargo/bin/copydesk"]);
    for (const setting of [undefined, null, "", "  "]) {
      assert.deepEqual(resolveServerPath(setting, c), { found: true, command: "/home/me/.cargo/bin/copydesk" });
    }
  });

  test("missing from PATH", () => {
    const r = resolveServerPath("copydesk", ctx([]));
    assert.equal(r.found, false);
    if (!r.found) {
      assert.deepEqual(r.tried, ["/usr/local/bin/copydesk", "/usr/bin/copydesk", "/home/me/.cargo/bin/copydesk"]);
      assert.equal(r.reason, '"copydesk" was not found on PATH');
      assert.match(missingServerMessage(r), /^copydesk: cannot start the language server: "copydesk" was not found on PATH\./);
      assert.match(missingServerMessage(r), /copydesk\.server\.path/);
    }
  });

  test("absolute path", () => {
    assert.deepEqual(resolveServerPath("/opt/copydesk/bin/copydesk", ctx(["/opt/copydesk/bin/copydesk"])), {
      found: true,
      command: "/opt/copydesk/bin/copydesk",
    });
    const r = resolveServerPath("/opt/nothing/copydesk", ctx([]));
    assert.equal(r.found, false);
    if (!r.found) {
      assert.equal(r.reason, "no executable file at /opt/nothing/copydesk");
    }
  });

  test("relative path from the workspace folder", () => {
    assert.deepEqual(
      resolveServerPath("target/release/copydesk", ctx(["/work/story/target/release/copydesk"])),
      { found: true, command: "/work/story/target/release/copydesk" },
    );
    const r = resolveServerPath("./target/release/copydesk", ctx([], { workspaceFolder: undefined }));
    assert.equal(r.found, false);
  });

  test("~, ${userHome}, ${workspaceFolder} and ${env:NAME}", () => {
    const c = ctx(["/home/me/bin/copydesk", "/work/story/bin/copydesk", "/srv/copydesk"], {
      env: { PATH: "", COPYDESK_HOME: "/srv" },
    });
    assert.deepEqual(resolveServerPath("~/bin/copydesk", c), { found: true, command: "/home/me/bin/copydesk" });
    assert.deepEqual(resolveServerPath("${userHome}/bin/copydesk", c), { found: true, command: "/home/me/bin/copydesk" });
    assert.deepEqual(resolveServerPath("${workspaceFolder}/bin/copydesk", c), {
      found: true,
      command: "/work/story/bin/copydesk",
    });
    assert.deepEqual(resolveServerPath("${env:COPYDESK_HOME}/copydesk", c), { found: true, command: "/srv/copydesk" });
    const r = resolveServerPath("${workspaceFolder}/bin/copydesk", { ...c, workspaceFolder: undefined });
    assert.equal(r.found, false);
  });

  test("Windows: PATHEXT, backslashes and case-insensitive variables", () => {
    const c = ctx(["C:\\Tools\\copydesk.exe", "D:\\proj\\target\\release\\copydesk.exe"], {
      platform: "win32",
      env: { Path: "C:\\Windows;C:\\Tools", PATHEXT: ".COM;.EXE" },
      homedir: "C:\\Users\\me",
      workspaceFolder: "D:\\proj",
    });
    assert.deepEqual(resolveServerPath("copydesk", c), { found: true, command: "C:\\Tools\\copydesk.exe" });
    assert.deepEqual(resolveServerPath("target\\release\\copydesk", c), {
      found: true,
      command: "D:\\proj\\target\\release\\copydesk.exe",
    });
  });

  test("isExecutableFile checks the file system", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-test-"));
    try {
      const exe = path.join(dir, "copydesk");
      const plain = path.join(dir, "notes.txt");
      fs.writeFileSync(exe, "#!/bin/sh\n");
      fs.chmodSync(exe, 0o755);
      fs.writeFileSync(plain, "");
      fs.chmodSync(plain, 0o644);
      assert.equal(isExecutableFile(exe, "linux"), true);
      assert.equal(isExecutableFile(dir, "linux"), false);
      assert.equal(isExecutableFile(path.join(dir, "absent"), "linux"), false);
      const real = resolveServerPath("copydesk", {
        platform: "linux",
        env: { PATH: dir },
        homedir: os.homedir(),
        isExecutable: (f) => isExecutableFile(f, "linux"),
      });
      assert.deepEqual(real, { found: true, command: exe });
      // Even for root, X_OK needs an execute bit to be set.
      assert.equal(isExecutableFile(plain, "linux"), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
