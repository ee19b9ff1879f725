import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";
import {
  configurationItem,
  countFindings,
  didChangeConfigurationSettings,
  formatStatus,
  INSTALL_URL,
  initializationOptions,
  isExecutableFile,
  missingServerMessage,
  readSettings,
  resolveServerPath,
  type DocumentStatus,
  type ServerSettings,
  type ServerState,
} from "./core";

const SECTION = "copydesk";
const LANGUAGES = ["markdown", "plaintext"];
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("copydesk");

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let trace: TraceChannel;
let status: vscode.StatusBarItem;
let serverState: ServerState = "stopped";
/** The server's copydesk/status of each document, by URI. */
const documentStatus = new Map<string, DocumentStatus>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk", { log: true });
  trace = new TraceChannel(output);
  status = vscode.window.createStatusBarItem("copydesk.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "copydesk";
  status.command = "copydesk.showOutput";
  context.subscriptions.push(output, trace, status);

  context.subscriptions.push(
    vscode.commands.registerCommand("copydesk.fixAll", fixAll),
    vscode.commands.registerCommand("copydesk.restartServer", restart),
    vscode.commands.registerCommand("copydesk.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidOpenTextDocument(updateStatus),
    { dispose: () => void stopClient() },
  );

  updateStatus();
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function currentSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { settings, problems } = readSettings((key) => config.get(key));
  for (const problem of problems) {
    output.warn(problem);
  }
  return settings;
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const resolution = resolveServerPath(config.get<string>("server.path"), {
    platform: process.platform,
    env: process.env,
    homedir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable: (file) => isExecutableFile(file),
  });
  if (!resolution.found) {
    const message = missingServerMessage(resolution);
    output.error(message);
    if (resolution.tried.length > 0) {
      output.info(`Looked for: ${resolution.tried.join(", ")}`);
    }
    setState("stopped");
    void vscode.window
      .showErrorMessage(message, "Install instructions", "Open settings", "Show output")
      .then((choice) => {
        if (choice === "Install instructions") {
          void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
        } else if (choice === "Open settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.server.path");
        } else if (choice === "Show output") {
          output.show(true);
        }
      });
    return;
  }

  output.info(`Starting ${resolution.command} lsp`);
  const serverOptions: ServerOptions = {
    command: resolution.command,
    args: ["lsp"],
    options: { env: { ...process.env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { language, scheme: "file" },
      { language, scheme: "untitled" },
    ]),
    initializationOptions: () => initializationOptions(currentSettings()),
    outputChannel: output,
    traceOutputChannel: trace,
    middleware: {
      workspace: {
        // Answer the server's `workspace/configuration` requests with the same
        // normalised object that initializationOptions carries.
        configuration: async (params, token, next) => {
          const settings = currentSettings();
          const ours = params.items.map((item) => configurationItem(item.section, settings));
          if (ours.every((value) => value !== undefined)) {
            return ours;
          }
          const theirs = await next(params, token);
          if (!Array.isArray(theirs)) {
            return theirs;
          }
          return ours.map((value, i) => (value !== undefined ? value : theirs[i]));
        },
      },
    },
  };

  const next = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  client = next;
  documentStatus.clear();
  next.onNotification("copydesk/status", (params: DocumentStatus) => {
    if (client !== next) {
      return;
    }
    documentStatus.set(params.uri, params);
    updateStatus();
  });
  next.onDidChangeState((event) => {
    if (client !== next) {
      return;
    }
    setState(event.newState === State.Running ? "running" : event.newState === State.Starting ? "starting" : "stopped");
  });
  setState("starting");
  try {
    await next.start();
  } catch (error) {
    output.error(`The language server failed to start: ${String(error)}`);
    setState("stopped");
    void vscode.window
      .showErrorMessage(`copydesk: the language server failed to start (${resolution.command}).`, "Show output")
      .then((choice) => choice && output.show(true));
  }
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old === undefined) {
    return;
  }
  try {
    if (old.isRunning()) {
      await old.stop(2000);
    }
  } catch (error) {
    output.warn(`Stopping the language server: ${String(error)}`);
  }
  try {
    await old.dispose();
  } catch {
    // Already gone.
  }
  setState("stopped");
}

async function restart(): Promise<void> {
  output.info("Restarting the language server");
  await stopClient();
  await startClient();
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) {
    return;
  }
  if (event.affectsConfiguration("copydesk.trace.server")) {
    trace.refresh();
  }
  if (event.affectsConfiguration(`${SECTION}.server`)) {
    await restart();
    return;
  }
  updateStatus();
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: didChangeConfigurationSettings(currentSettings()),
    });
  }
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage("copydesk: open a Markdown or plain-text document to fix.");
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage("copydesk: the language server is not running.");
    return;
  }
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      document.uri,
      whole,
      FIX_ALL_KIND.value,
      10,
    )) ?? [];
  const fix = actions.find(
    (a): a is vscode.CodeAction => "kind" in a && a.kind !== undefined && FIX_ALL_KIND.contains(a.kind),
  );
  if (fix === undefined || (fix.edit === undefined && fix.command === undefined)) {
    void vscode.window.showInformationMessage("copydesk: nothing to fix automatically in this document.");
    return;
  }
  if (fix.edit !== undefined && !(await vscode.workspace.applyEdit(fix.edit))) {
    void vscode.window.showErrorMessage("copydesk: the fixes could not be applied (the document changed?).");
    return;
  }
  if (fix.command !== undefined) {
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
  }
}

function setState(state: ServerState): void {
  serverState = state;
  updateStatus();
}

function updateStatus(): void {
  const document = vscode.window.activeTextEditor?.document;
  if (document === undefined || !LANGUAGES.includes(document.languageId)) {
    status.hide();
    return;
  }
  const findings =
    serverState === "running" ? countFindings(vscode.languages.getDiagnostics(document.uri)) : undefined;
  const profile = readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key)).settings.profile;
  const view = formatStatus({
    profile,
    state: serverState,
    findings,
    document: documentStatus.get(document.uri.toString()),
  });
  status.text = view.text;
  status.tooltip = view.tooltip;
  status.show();
}

/**
 * The language client only traces messages when its trace channel's log level is
 * Trace. This channel writes traces into the main output channel and reports the
 * Trace level whenever `copydesk.trace.server` is not "off", so that the setting
 * alone turns tracing on and off.
 */
class TraceChannel implements vscode.LogOutputChannel {
  private readonly changed = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.changed.event;

  constructor(private readonly target: vscode.LogOutputChannel) {}

  get name(): string {
    return this.target.name;
  }

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off");
    return setting === "off" ? this.target.logLevel : vscode.LogLevel.Trace;
  }

  refresh(): void {
    this.changed.fire(this.logLevel);
  }

  trace(message: string, ...args: unknown[]): void {
    this.target.appendLine(args.length > 0 ? `${message} ${args.map(String).join(" ")}` : message);
  }
  debug(message: string, ...args: unknown[]): void {
    this.target.debug(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    this.target.info(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.target.warn(message, ...args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.target.error(error, ...args);
  }
  append(value: string): void {
    this.target.append(value);
  }
  appendLine(value: string): void {
    this.target.appendLine(value);
  }
  replace(value: string): void {
    this.target.replace(value);
  }
  clear(): void {
    this.target.clear();
  }
  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(arg?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
    if (typeof arg === "boolean" || arg === undefined) {
      this.target.show(arg);
    } else {
      this.target.show(arg, preserveFocus);
    }
  }
  hide(): void {
    this.target.hide();
  }
  dispose(): void {
    this.changed.dispose();
  }
}
