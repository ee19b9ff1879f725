#!/usr/bin/env bash
# End-to-end test of the Neovim setup (editors/neovim) against the real server.
#
# Starts a headless Neovim with nothing but editors/neovim on 'runtimepath' and
# require("copydesk").setup{...} (or, with NVIM_E2E_SETUP=enable on 0.11+, the bare
# vim.lsp.config()/vim.lsp.enable() path), opens a copy of the seed story, and checks:
#   1. the diagnostics, exactly: rule ids and positions from tests/editors/seed_expected.txt;
#   2. a preferred quick fix is offered at a "Zelenskiy" diagnostic;
#   3. applying it writes "Zelenskyy" where "Zelenskiy" was, and nothing else on the line;
#   4. the server sees the edit and drops that diagnostic, keeping the others;
#   5. the server's copydesk/status: statusline() and :CopydeskStatus;
#   6. `K` is mapped in the buffer and hover on a name says who that is;
#   7. the README's preferred-fix snippet (0.8+) and :CopydeskFix each fix the "Zelenskiy"
#      under the cursor without a menu;
#   8. a settings change (ap.usage.us off) gives fresh findings;
#   9. :CopydeskFixAll leaves the text `copydesk check --fix` writes.
#
# Usage: bash tests/editors/nvim_e2e.sh
#   COPYDESK_BIN      server binary (default: target/debug/copydesk)
#   COPYDESK_SEED     the story (default: ../shared/seed/washington-peace-talks-2025-11-26.txt
#                     beside the repository)
#   NVIM              the Neovim binary (default: nvim)
#   NVIM_E2E_SETUP    "setup" (default) or "enable" (vim.lsp.enable; Neovim 0.11+)
#   NVIM_E2E_TIMEOUT  seconds to wait for diagnostics (default: 30)
#   NVIM_E2E_UPDATE=1 rewrite seed_expected.txt from what the server reports
#                     (review the diff by hand before committing it)
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EXPECTED="$REPO/tests/editors/seed_expected.txt"
SEED="${COPYDESK_SEED:-$REPO/../shared/seed/washington-peace-talks-2025-11-26.txt}"
NVIM="${NVIM:-nvim}"
WAIT="${NVIM_E2E_TIMEOUT:-30}"

BIN="${COPYDESK_BIN:-target/debug/copydesk}"
if [[ "$BIN" != /* ]]; then
  if [[ -e "$PWD/$BIN" ]]; then BIN="$PWD/$BIN"; else BIN="$REPO/$BIN"; fi
fi

die() {
  echo "nvim e2e: $*" >&2
  echo "nvim e2e: 0 passed, 1 failed"
  exit 1
}

command -v "$NVIM" >/dev/null 2>&1 || die "'$NVIM' not found (apt-get install neovim)"
[[ -x "$BIN" ]] || die "server binary '$BIN' is missing or not executable (cargo build, or set COPYDESK_BIN)"
[[ -f "$SEED" ]] || die "seed story '$SEED' not found (set COPYDESK_SEED)"
if [[ "${NVIM_E2E_UPDATE:-}" != 1 && ! -f "$EXPECTED" ]]; then
  die "expected diagnostics '$EXPECTED' not found (NVIM_E2E_UPDATE=1 writes it)"
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/story" "$TMP/xdg/config" "$TMP/xdg/data" "$TMP/xdg/state" "$TMP/xdg/cache"
STORY="$TMP/story/washington-peace-talks-2025-11-26.txt"
cp "$SEED" "$STORY"
chmod u+w "$STORY"  # shared/ may be laid without write bits
# What "fix all" should leave: the command-line checker's --fix on the same text and settings.
mkdir -p "$TMP/cli"
cp "$STORY" "$TMP/cli/story.txt"
(cd "$TMP/cli" && "$BIN" check --fix --profile ap --date 2025-11-26 story.txt >/dev/null 2>&1)
FIXED="$TMP/cli/story.txt"

cat >"$TMP/init.lua" <<'LUA'
vim.opt.runtimepath:prepend(os.getenv("COPYDESK_E2E_PLUGIN"))
vim.opt.swapfile = false
if os.getenv("NVIM_E2E_SETUP") == "enable" then
  -- The bare 0.11 path: lsp/copydesk.lua from 'runtimepath', with the command and settings.
  vim.lsp.config("copydesk", {
    cmd = { os.getenv("COPYDESK_E2E_BIN"), "lsp" },
    init_options = { copydesk = { profile = "ap", date = "2025-11-26" } },
    settings = { copydesk = { profile = "ap", date = "2025-11-26" } },
  })
  vim.lsp.enable("copydesk")
else
  require("copydesk").setup({
    cmd = { os.getenv("COPYDESK_E2E_BIN"), "lsp" },
    settings = { date = "2025-11-26" },
  })
end
LUA

cat >"$TMP/e2e.lua" <<'LUA'
local results_path = os.getenv("COPYDESK_E2E_RESULTS")
local story = os.getenv("COPYDESK_E2E_STORY")
local expected_path = os.getenv("COPYDESK_E2E_EXPECTED")
local update = os.getenv("NVIM_E2E_UPDATE") == "1"
local wait_ms = tonumber(os.getenv("COPYDESK_E2E_WAIT")) * 1000

local out = {}
local function report(ok, name, detail)
  table.insert(out, (ok and "PASS " or "FAIL ") .. name .. (detail and ("\n" .. detail) or ""))
end
local function finish()
  local f = assert(io.open(results_path, "w"))
  f:write(table.concat(out, "\n"), "\n")
  f:close()
  vim.cmd("qall!")
end

-- Record every publishDiagnostics exactly as the server sent it.
local published = {}
local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  if result then
    table.insert(published, result)
  end
  return original(err, result, ctx, config)
end

local function client_call(client, method, ...)
  if vim.fn.has("nvim-0.11") == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function format(d)
  return string.format("%s %d %d %d %d", tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col)
end

local function current(bufnr)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(lines, format(d))
  end
  table.sort(lines)
  return lines
end

local function read_expected()
  local lines = {}
  for line in io.lines(expected_path) do
    line = vim.trim(line)
    if line ~= "" and not vim.startswith(line, "#") then
      table.insert(lines, (line:gsub("%s+", " ")))
    end
  end
  table.sort(lines)
  return lines
end

local function diff(expected, actual)
  local want, have, msg = {}, {}, {}
  for _, l in ipairs(expected) do want[l] = (want[l] or 0) + 1 end
  for _, l in ipairs(actual) do have[l] = (have[l] or 0) + 1 end
  for l, n in pairs(want) do
    for _ = 1, n - (have[l] or 0) do table.insert(msg, "  missing:    " .. l) end
  end
  for l, n in pairs(have) do
    for _ = 1, n - (want[l] or 0) do table.insert(msg, "  unexpected: " .. l) end
  end
  table.sort(msg)
  return table.concat(msg, "\n")
end

local ok_run, run_err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(story))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)

  local function last_for_uri()
    for i = #published, 1, -1 do
      if published[i].uri == uri then
        return published[i], i
      end
    end
  end

  -- 1. Diagnostics, exactly. They arrive pushed (publishDiagnostics) or, where the
  -- client asks for them (Neovim 0.10+), pulled (textDocument/diagnostic).
  local got = vim.wait(wait_ms, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  -- Let a check of a newer version, if any is on its way, land.
  vim.wait(300, function() return false end, 50)

  local client = require("copydesk").get_client(bufnr)
  local diags = vim.diagnostic.get(bufnr)
  local actual = current(bufnr)

  if update then
    local f = assert(io.open(expected_path, "w"))
    f:write("# Diagnostics for ../shared/seed/washington-peace-talks-2025-11-26.txt checked with\n")
    f:write("# settings { date = \"2025-11-26\" } (AP profile), as Neovim reports them:\n")
    f:write("# rule id, start line, start column, end line, end column; 0-based lines and byte\n")
    f:write("# columns (vim.diagnostic), end exclusive. Written by NVIM_E2E_UPDATE=1, reviewed by hand.\n")
    for _, l in ipairs(actual) do f:write(l, "\n") end
    f:close()
  end

  local bad_source = {}
  for _, d in ipairs(diags) do
    if d.source ~= "copydesk" then
      table.insert(bad_source, "  source " .. tostring(d.source) .. ": " .. format(d))
    end
  end
  local expected = read_expected()
  if not client then
    report(false, "diagnostics match seed_expected.txt", "  no copydesk client attached to the buffer")
  elseif not got then
    report(false, "diagnostics match seed_expected.txt",
      string.format("  no diagnostics within %d ms (%d publishDiagnostics received, none pulled)",
        wait_ms, #published))
  elseif #bad_source > 0 then
    report(false, "diagnostics match seed_expected.txt", table.concat(bad_source, "\n"))
  elseif not vim.deep_equal(expected, actual) then
    report(false, "diagnostics match seed_expected.txt", diff(expected, actual))
  else
    report(true, string.format("diagnostics match seed_expected.txt (%d findings)", #actual))
  end

  -- 2. A preferred quick fix at a "Zelenskiy" diagnostic.
  local target
  for _, d in ipairs(diags) do
    local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ""
    if d.lnum == d.end_lnum and line:sub(d.col + 1, d.end_col) == "Zelenskiy" then
      if target == nil or d.lnum < target.lnum or (d.lnum == target.lnum and d.col < target.col) then
        target = d
      end
    end
  end
  if not target then
    report(false, "a preferred quick fix is offered at \"Zelenskiy\"", "  no diagnostic covers \"Zelenskiy\"")
    report(false, "the quick fix writes \"Zelenskyy\"", "  skipped: no quick fix")
    report(false, "the server re-checks the edited text", "  skipped: no quick fix")
    return
  end

  -- The diagnostic as the server sent it (range in the negotiated encoding, with its
  -- data): kept whole in user_data.lsp from Neovim 0.10 on, taken from the recorded
  -- publishDiagnostics before that.
  local encoding = client.offset_encoding or "utf-16"
  local line_text = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
  local lsp_start = require("copydesk").char_index(line_text, target.col, encoding)
  local lsp_end = require("copydesk").char_index(line_text, target.end_col, encoding)
  local raw = target.user_data and target.user_data.lsp
  if not (raw and raw.range) then
    raw = nil
    local p = last_for_uri()
    for _, d in ipairs(p and p.diagnostics or {}) do
      if d.range.start.line == target.lnum and d.range.start.character == lsp_start
        and d.range["end"].character == lsp_end and d.code == target.code then
        raw = d
      end
    end
  end
  raw = raw or {
    range = { start = { line = target.lnum, character = lsp_start }, ["end"] = { line = target.lnum, character = lsp_end } },
    message = target.message, code = target.code, source = target.source, severity = target.severity,
  }
  local params = {
    textDocument = { uri = uri },
    range = raw.range,
    context = { diagnostics = { raw } },
  }
  local responses, req_err = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000)
  local actions, titles = {}, {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
      table.insert(titles, string.format("  %s [%s]%s", tostring(action.title), tostring(action.kind),
        action.isPreferred and " preferred" or ""))
    end
  end
  local fix
  for _, action in ipairs(actions) do
    if action.kind == "quickfix" and action.isPreferred then
      fix = action
      break
    end
  end
  if fix then
    report(true, string.format("a preferred quick fix is offered at \"Zelenskiy\" (%d:%d): %s",
      target.lnum, target.col, fix.title))
  else
    report(false, "a preferred quick fix is offered at \"Zelenskiy\"",
      (req_err and ("  request failed: " .. tostring(req_err) .. "\n") or "")
      .. "  actions offered:\n" .. (#titles > 0 and table.concat(titles, "\n") or "  (none)"))
    report(false, "the quick fix writes \"Zelenskyy\"", "  skipped: no quick fix")
    report(false, "the server re-checks the edited text", "  skipped: no quick fix")
    return
  end

  -- 3. Apply it; only "Zelenskiy" changes on that line.
  if fix.edit == nil and fix.data ~= nil then
    local resolved = client_call(client, "request_sync", "codeAction/resolve", fix, 10000, bufnr)
    if resolved and resolved.result then
      fix = resolved.result
    end
  end
  local before_tick = vim.api.nvim_buf_get_changedtick(bufnr)
  if fix.edit then
    vim.lsp.util.apply_workspace_edit(fix.edit, encoding)
  end
  local after = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
  local want = line_text:sub(1, target.col) .. "Zelenskyy" .. line_text:sub(target.end_col + 1)
  if after == want then
    report(true, string.format("the quick fix writes \"Zelenskyy\" at %d:%d", target.lnum, target.col))
  else
    report(false, "the quick fix writes \"Zelenskyy\"",
      "  edit: " .. vim.inspect(fix.edit, { newline = " ", indent = "" })
      .. "\n  want: " .. want .. "\n  have: " .. tostring(after))
    report(false, "the server re-checks the edited text", "  skipped: the fix was not applied")
    return
  end

  -- 4. The server gets the change and drops that diagnostic, keeping the others.
  local fixed = format(target)
  local remaining = {}
  local dropped = false
  for _, l in ipairs(actual) do
    if l == fixed and not dropped then dropped = true else table.insert(remaining, l) end
  end
  -- Before the edit the diagnostics differ from `remaining`, so reaching it means the
  -- server checked the new text.
  local rechecked = vim.wait(wait_ms, function()
    return vim.deep_equal(current(bufnr), remaining)
  end, 50)
  if rechecked and vim.api.nvim_buf_get_changedtick(bufnr) > before_tick then
    report(true, string.format("the server re-checks the edited text (%d findings left)", #remaining))
  else
    report(false, "the server re-checks the edited text", diff(remaining, current(bufnr)))
    return
  end

  local copydesk = require("copydesk")

  -- 5. The status the server reported for the buffer.
  local have_status = vim.wait(wait_ms, function() return copydesk.status(bufnr) ~= nil end, 50)
  local line = copydesk.statusline(bufnr)
  if have_status and line == "copydesk AP 2025-11-26" and vim.fn.exists(":CopydeskStatus") == 2 then
    report(true, "statusline() says \"" .. line .. "\"; " .. copydesk.describe_status(bufnr))
  else
    report(false, "statusline() and :CopydeskStatus",
      "  statusline: " .. vim.inspect(line) .. ", :CopydeskStatus " .. vim.fn.exists(":CopydeskStatus"))
  end

  -- 6. `K` and hover on a name.
  local k = vim.fn.maparg("K", "n", false, true)
  local zl = vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1]
  local zcol = zl:find("Zelensk", 1, true)
  local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
    textDocument = { uri = uri },
    position = { line = 1, character = copydesk.char_index(zl, zcol - 1, encoding) },
  }, 10000)
  local md = ""
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then md = r.result.contents.value or "" end
  end
  if next(k) ~= nil and md:find("Volodymyr Zelenskyy", 1, true) then
    report(true, "K is mapped (" .. (k.buffer == 1 and "in the buffer" or "globally") .. ") and hover names Volodymyr Zelenskyy")
  else
    report(false, "K is mapped and hover names the person", "  K: " .. vim.inspect(k) .. "\n  hover: " .. md)
  end

  -- 7. The preferred fix at the cursor, without a menu: the README's snippet (0.8+) on one
  -- "Zelenskiy", :CopydeskFix on the next.
  local function zelenskiy_positions()
    local out = {}
    for lnum, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      local from = 1
      while true do
        local s = l:find("Zelenskiy", from, true)
        if not s then break end
        table.insert(out, { lnum, s - 1 })
        from = s + 1
      end
    end
    return out
  end
  local function fix_with(name, fn)
    local before = zelenskiy_positions()
    local at = before[1]
    if not at then
      report(false, name, "  no \"Zelenskiy\" left")
      return
    end
    -- Wait until the server's findings are of the current text.
    vim.wait(wait_ms, function()
      for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = at[1] - 1 })) do
        if d.col == at[2] and d.code == "ap.names.spelling" then return true end
      end
      return false
    end, 50)
    vim.api.nvim_win_set_cursor(0, { at[1], at[2] + 3 })
    local l0 = vim.api.nvim_buf_get_lines(bufnr, at[1] - 1, at[1], false)[1]
    fn()
    local want = l0:sub(1, at[2]) .. "Zelenskyy" .. l0:sub(at[2] + 10)
    local ok = vim.wait(wait_ms, function()
      return vim.api.nvim_buf_get_lines(bufnr, at[1] - 1, at[1], false)[1] == want
    end, 50)
    if ok and #zelenskiy_positions() == #before - 1 then
      report(true, string.format("%s fixes the \"Zelenskiy\" at %d:%d", name, at[1] - 1, at[2]))
    else
      report(false, name, "  have: " .. tostring(vim.api.nvim_buf_get_lines(bufnr, at[1] - 1, at[1], false)[1]))
    end
  end
  if vim.fn.has("nvim-0.8") == 1 then
    fix_with("the README's preferred-fix snippet", function()
      vim.lsp.buf.code_action({
        apply = true,
        filter = function(action) return action.isPreferred end,
      })
    end)
  end
  fix_with(":CopydeskFix", function() vim.cmd("CopydeskFix") end)

  -- 8. A settings change: fresh findings, without ap.usage.us.
  local us_before = 0
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "ap.usage.us" then us_before = us_before + 1 end
  end
  client_call(client, "notify", "workspace/didChangeConfiguration", {
    settings = { copydesk = { profile = "ap", date = "2025-11-26", rules = { ["ap.usage.us"] = "off" } } },
  })
  local fresh = vim.wait(wait_ms, function()
    local n, us = 0, 0
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      n = n + 1
      if d.code == "ap.usage.us" then us = us + 1 end
    end
    return n > 0 and us == 0
  end, 50)
  if us_before > 0 and fresh then
    report(true, string.format("a settings change (ap.usage.us off) gives fresh findings (%d left)",
      #vim.diagnostic.get(bufnr)))
  else
    report(false, "a settings change gives fresh findings", "  ap.usage.us before: " .. us_before
      .. "\n" .. table.concat(current(bufnr), "\n"))
  end
  client_call(client, "notify", "workspace/didChangeConfiguration", {
    settings = { copydesk = { profile = "ap", date = "2025-11-26" } },
  })
  vim.wait(wait_ms, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "ap.usage.us" then return true end
    end
    return false
  end, 50)

  -- 9. :CopydeskFixAll: the text the command-line checker's --fix writes.
  local want_text = table.concat(vim.fn.readfile(os.getenv("COPYDESK_E2E_FIXED")), "\n")
  if vim.fn.exists(":CopydeskFixAll") ~= 2 then
    report(false, ":CopydeskFixAll", "  no such command")
  else
    vim.cmd("CopydeskFixAll")
    local have_text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
    if have_text == want_text then
      report(true, ":CopydeskFixAll leaves the text `copydesk check --fix` writes")
    else
      report(false, ":CopydeskFixAll leaves the text `copydesk check --fix` writes",
        "  want: " .. want_text .. "\n  have: " .. have_text)
    end
  end
end)

if not ok_run then
  report(false, "the test ran to the end", "  " .. tostring(run_err))
end
finish()
LUA

RESULTS="$TMP/results.txt"
LOG="$TMP/nvim.log"
echo "nvim e2e: $("$NVIM" --version | head -n 1), ${NVIM_E2E_SETUP:-setup}, server $BIN"

XDG_CONFIG_HOME="$TMP/xdg/config" XDG_DATA_HOME="$TMP/xdg/data" \
XDG_STATE_HOME="$TMP/xdg/state" XDG_CACHE_HOME="$TMP/xdg/cache" \
COPYDESK_E2E_PLUGIN="$REPO/editors/neovim" COPYDESK_E2E_BIN="$BIN" \
COPYDESK_E2E_STORY="$STORY" COPYDESK_E2E_EXPECTED="$EXPECTED" \
COPYDESK_E2E_RESULTS="$RESULTS" COPYDESK_E2E_WAIT="$WAIT" COPYDESK_E2E_FIXED="$FIXED" \
NVIM_E2E_SETUP="${NVIM_E2E_SETUP:-setup}" \
  timeout $((WAIT * 3 + 30)) "$NVIM" --headless --clean -u "$TMP/init.lua" \
  -c "luafile $TMP/e2e.lua" </dev/null >"$LOG" 2>&1
status=$?

passed=0
failed=0
if [[ -f "$RESULTS" ]]; then
  while IFS= read -r line; do
    case "$line" in
      PASS\ *) passed=$((passed + 1)); echo "ok   ${line#PASS }" ;;
      FAIL\ *) failed=$((failed + 1)); echo "FAIL ${line#FAIL }" ;;
      *) echo "$line" ;;
    esac
  done <"$RESULTS"
fi
if [[ ! -f "$RESULTS" || $passed -eq 0 && $failed -eq 0 ]]; then
  echo "FAIL neovim did not report results (exit status $status)"
  failed=$((failed + 1))
fi
if [[ $failed -gt 0 || $status -ne 0 ]]; then
  if [[ -s "$LOG" ]]; then
    echo "--- neovim output ---"
    cat "$LOG"
  fi
  lsp_log="$(find "$TMP/xdg" -name 'lsp.log' 2>/dev/null | head -n 1)"
  if [[ -n "$lsp_log" && -s "$lsp_log" ]]; then
    echo "--- lsp.log (last 40 lines) ---"
    tail -n 40 "$lsp_log"
  fi
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "FAIL neovim exited with status $status"
  failed=$((failed + 1))
fi
if [[ "${NVIM_E2E_UPDATE:-}" == 1 ]]; then
  echo "nvim e2e: wrote $EXPECTED; review it with git diff"
fi
echo "nvim e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
