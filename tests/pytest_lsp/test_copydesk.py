"""End-to-end tests of `copydesk lsp` driven by pytest-lsp, a client nobody on this project
wrote, with the recorded capabilities of real editors (VS Code offers UTF-16 positions,
Neovim 0.11 offers UTF-8).

Run from the repository root after `cargo build`:

    pip install pytest-lsp
    python3 -m pytest tests/pytest_lsp

`COPYDESK_BIN` overrides the server binary (default: target/debug/copydesk).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

import pytest_lsp
from lsprotocol import types
from pytest_lsp import (
    ClientServerConfig,
    LanguageClient,
    client_capabilities,
    make_test_lsp_client,
)

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("COPYDESK_BIN", str(REPO / "target" / "debug" / "copydesk"))
SEED = REPO.parent / "shared" / "seed" / "washington-peace-talks-2025-11-26.txt"

EDITORS = {
    "visual-studio-code": "utf-16",
    "neovim@v0.11.0": "utf-8",
}


def make_client() -> LanguageClient:
    """The stock test client, plus the dynamic registration real editors answer."""
    client = make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)

    return client


@pytest_lsp.fixture(
    params=list(EDITORS),
    config=ClientServerConfig(server_command=[BIN, "lsp"], client_factory=make_client),
)
async def client(lsp_client: LanguageClient, request):
    lsp_client.editor = request.param
    root = pathlib.Path(tempfile.mkdtemp(prefix="copydesk-pytest-lsp-"))
    lsp_client.root = root
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="root")],
            initialization_options={"copydesk": {"profile": "ap", "date": "2025-11-26"}},
        )
    )
    lsp_client.encoding = result.capabilities.position_encoding
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(root, ignore_errors=True)


def column(line: str, index: int, encoding: str) -> int:
    """The LSP column of character `index` of `line`."""
    if encoding == "utf-8":
        return len(line[:index].encode("utf-8"))
    return len(line[:index].encode("utf-16-le")) // 2


def text_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The edits of one document: versioned (`documentChanges`, checked to be of version 1)
    when the client supports them, else `changes`."""
    if edit.document_changes:
        (change,) = edit.document_changes
        assert change.text_document.uri == uri
        assert change.text_document.version == 1
        return list(change.edits)
    return list(edit.changes[uri])


async def open_seed(client: LanguageClient) -> tuple[str, str]:
    text = SEED.read_text(encoding="utf-8")
    path = client.root / SEED.name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="plaintext", version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri, text


async def test_encoding_is_negotiated(client: LanguageClient):
    assert client.encoding == EDITORS[client.editor]


async def test_open_diagnostics_code_action_hover(client: LanguageClient):
    uri, text = await open_seed(client)
    lines = text.split("\n")
    enc = client.encoding

    # Diagnostics: every "Zelenskiy" and every "US" of the story, at exact positions.
    diags = client.diagnostics[uri]
    spelling = sorted(
        (d.range.start.line, d.range.start.character, d.range.end.character)
        for d in diags
        if d.code == "ap.names.spelling" and d.data["found"] == "Zelenskiy"
    )
    want = []
    for n, line in enumerate(lines):
        start = line.find("Zelenskiy")
        while start >= 0:
            want.append((n, column(line, start, enc), column(line, start + 9, enc)))
            start = line.find("Zelenskiy", start + 1)
    assert spelling == want
    assert len(want) == 4
    us = [d for d in diags if d.code == "ap.usage.us"]
    assert len(us) == 7
    for d in diags:
        assert d.source == "copydesk"
        assert d.data["version"] == 1
    # VS Code watches files for the server when asked; Neovim 0.11 does not offer to.
    watched = [r.method for r in client.registrations]
    if client.editor == "visual-studio-code":
        assert watched == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    else:
        assert watched == []

    # The quick fix for the "Zelenskiy" on line 6, after the curly quotes.
    target = next(d for d in diags if d.code == "ap.names.spelling" and d.range.start.line == 6)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target]),
        )
    )
    fix = next(a for a in actions if a.title == "Replace with “Zelenskyy”")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred
    edits = text_edits(fix.edit, uri)
    assert len(edits) == 1
    assert edits[0].new_text == "Zelenskyy"
    assert edits[0].range == target.range
    titles = [a.title for a in actions]
    assert "Ignore ap.names.spelling on this line" in titles
    assert "Add 'Zelenskiy' to the house dictionary" in titles

    # Applying it: the server re-checks the new version and that finding is gone.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=edits[0].range, text=edits[0].new_text
                )
            ],
        )
    )
    while True:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        diags = client.diagnostics[uri]
        if all(d.data["version"] == 2 for d in diags):
            break
    assert not any(
        d.code == "ap.names.spelling" and d.range.start.line == 6 for d in diags
    )
    assert sum(d.data["found"] == "Zelenskiy" for d in diags) == 3

    # Hover on the first "Zelenskiy": the rule, and who the person is on the story's date.
    line = 1
    char = column(lines[line], lines[line].find("Zelenskiy") + 2, enc)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=char),
        )
    )
    md = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "`ap.names.spelling`" in md
    assert "Volodymyr Zelenskyy" in md
    assert "On 2025-11-26, the story's date: President of Ukraine" in md
