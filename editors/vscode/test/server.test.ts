// Talks to the real `copydesk lsp` the way the extension does: the same
// initializationOptions and didChangeConfiguration payloads built by src/core.ts.
// Needs the server binary: $COPYDESK_BIN, or target/debug/copydesk in the repository;
// skipped when there is none.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  type CodeAction,
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { didChangeConfigurationSettings, initializationOptions, readSettings } from "../src/core";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const binary = process.env.COPYDESK_BIN
  ? path.resolve(process.env.COPYDESK_BIN)
  : path.join(repo, "target", "debug", "copydesk");
const available = fs.existsSync(binary);

const STORY =
  "WASHINGTON (AP) — Ukrainian President Volodymyr Zelenskiy met U.S. officials on Tuesday.\n";

describe("the real server", { skip: available ? false : `no server binary at ${binary}` }, () => {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  const published: PublishDiagnosticsParams[] = [];
  const uri = "file:///tmp/copydesk-vscode-test/story.md";

  function diagnosticsFor(wanted: string, timeoutMs = 10000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        const last = [...published].reverse().find((p) => p.uri === wanted);
        if (last !== undefined && last.diagnostics.length > 0) {
          resolve(last.diagnostics);
        } else if (Date.now() - started > timeoutMs) {
          reject(new Error(`no diagnostics for ${wanted} within ${timeoutMs} ms`));
        } else {
          setTimeout(poll, 20);
        }
      };
      poll();
    });
  }

  before(async () => {
    child = spawn(binary, ["lsp"], { stdio: ["pipe", "pipe", "pipe"] });
    child.stderr?.resume();
    connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p);
    });
    // Answer workspace/configuration like the extension's middleware would.
    connection.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) =>
      params.items.map(() => readSettings(() => undefined).settings),
    );
    connection.listen();
    const settings = readSettings((key) => ({ profile: "ap", date: "2025-11-26" })[key]).settings;
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } },
            isPreferredSupport: true,
          },
        },
      },
      initializationOptions: initializationOptions(settings),
    });
    assert.ok(result.capabilities, "initialize returns capabilities");
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    try {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } catch {
      // The process may already be gone.
    }
    connection.dispose();
    child.kill();
  });

  test("diagnostics for an open document, with source and rule id", async () => {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "markdown", version: 1, text: STORY },
    });
    const diagnostics = await diagnosticsFor(uri);
    const name = diagnostics.find((d) => d.code === "ap.names.spelling");
    assert.ok(name, `an ap.names.spelling diagnostic among ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    assert.equal(name.source, "copydesk");
    assert.equal(STORY.slice(name.range.start.character, name.range.end.character), "Zelenskiy");
  });

  test("the quick fix is preferred and replaces the name", async () => {
    const diagnostics = await diagnosticsFor(uri);
    const name = diagnostics.find((d) => d.code === "ap.names.spelling")!;
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: name.range,
      context: { diagnostics: [name] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.kind === "quickfix" && a.isPreferred);
    assert.ok(fix, `a preferred quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.title, "Replace with “Zelenskyy”");
  });

  test("didChangeConfiguration with a rule turned off drops its findings", async () => {
    const before = published.length;
    const settings = readSettings(
      (key) => ({ profile: "ap", date: "2025-11-26", rules: { "ap.names.spelling": "off" } })[key],
    ).settings;
    await connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: didChangeConfigurationSettings(settings),
    });
    const started = Date.now();
    while (Date.now() - started < 10000) {
      const last = published.slice(before).reverse().find((p) => p.uri === uri);
      if (last !== undefined && !last.diagnostics.some((d) => d.code === "ap.names.spelling")) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.fail("the server kept reporting ap.names.spelling after it was turned off");
  });
});
