-- copydesk for Neovim: starts `copydesk lsp` for Markdown and plain-text buffers.
--
--   require("copydesk").setup({
--     cmd = { "copydesk", "lsp" },                 -- the server command
--     settings = { profile = "ap", date = "2025-11-26" },
--   })
--
-- On Neovim 0.11+ this registers the server with vim.lsp.config()/vim.lsp.enable().
-- On older versions (0.7 and later) a FileType autocommand starts or reuses one
-- client per project root: vim.lsp.start() on 0.8+, vim.lsp.start_client() and
-- vim.lsp.buf_attach_client() on 0.7.
--
-- Every buffer it attaches to gets :CopydeskFixAll, :CopydeskFix (the preferred fix at the
-- cursor, without a menu) and :CopydeskStatus, and `K` for hover where Neovim maps none
-- (before 0.10). require("copydesk").statusline() gives the profile and story date the
-- server checks the buffer with.

local M = {}

M.name = "copydesk"

M.defaults = {
  cmd = { "copydesk", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "copydesk.toml", ".git" },
  -- The server's settings: profile ("ap" | "reuters"), date ("YYYY-MM-DD" or nil),
  -- datePolicy ("document" | "today"), rules ({ ["rule.id"] = "error" | "warning" |
  -- "info" | "hint" | "off" }). May also be given as { copydesk = { ... } }.
  settings = {},
}

-- Options of setup() that are not passed through to the LSP client config as they are.
local own_keys = { cmd = true, filetypes = true, root_markers = true, settings = true, on_attach = true }

-- The server's copydesk/status notifications, by document URI: { profile, profileSource,
-- date, dateSource, project }.
M.statuses = {}

local function has(feature)
  return vim.fn.has(feature) == 1
end

-- Client methods are called with `:` from 0.11 on and with `.` before.
local function client_call(client, method, ...)
  if has("nvim-0.11") then
    return client[method](client, ...)
  end
  return client[method](...)
end

--- Converts a byte column of `line` to a column in `encoding` ("utf-8", "utf-16" or
--- "utf-32"), the unit of LSP positions.
function M.char_index(line, byte_col, encoding)
  if encoding == "utf-8" then
    return byte_col
  end
  if has("nvim-0.11") then
    return vim.str_utfindex(line, encoding, byte_col, false)
  end
  local utf32, utf16 = vim.str_utfindex(line, byte_col)
  return encoding == "utf-32" and utf32 or utf16
end

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("copydesk: " .. msg, level or vim.log.levels.INFO)
  end)
end

--- The server's settings object from the user's `settings` option, which may be
--- bare ({ profile = "ap" }) or nested under `copydesk`.
function M.server_settings(settings)
  settings = settings or {}
  if type(settings.copydesk) == "table" then
    return vim.deepcopy(settings.copydesk)
  end
  return vim.deepcopy(settings)
end

--- Finds the project root of `path` (a file or directory) by walking up to the first
--- directory containing one of `markers`. Falls back to the file's own directory.
function M.find_root(path, markers)
  markers = markers or M.defaults.root_markers
  local start
  if path == nil or path == "" then
    start = vim.loop.cwd()
  else
    start = vim.fn.fnamemodify(path, ":p")
    local stat = vim.loop.fs_stat(start)
    if not (stat and stat.type == "directory") then
      start = vim.fn.fnamemodify(start, ":h")
    end
  end
  start = start:gsub("[/\\]+$", "")
  if start == "" then
    start = "/"
  end
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir or parent == "" then
      return start
    end
    dir = parent
  end
end

--- The LSP client configuration built from setup() options (without root_dir).
function M.client_config(opts)
  -- A shallow merge: a given `cmd` or `filetypes` list replaces the default one.
  opts = vim.tbl_extend("force", {}, M.defaults, opts or {})
  local settings = M.server_settings(opts.settings)
  local config = {
    name = M.name,
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    -- The same object goes in initializationOptions and, after initialize, in
    -- workspace/didChangeConfiguration (and answers workspace/configuration).
    init_options = { copydesk = settings },
    settings = { copydesk = vim.deepcopy(settings) },
    handlers = { ["copydesk/status"] = M.on_status },
    on_attach = M.with_on_attach(opts.on_attach),
  }
  for key, value in pairs(opts) do
    if not own_keys[key] then
      config[key] = value
    end
  end
  return config
end

local warned_missing = false

local function check_executable(cmd)
  if type(cmd) ~= "table" or warned_missing then
    return
  end
  if vim.fn.executable(cmd[1]) ~= 1 then
    warned_missing = true
    notify(
      string.format(
        "cannot find the language server %q. Install copydesk (see its README) or pass cmd = { '/path/to/copydesk', 'lsp' } to setup().",
        cmd[1]
      ),
      vim.log.levels.ERROR
    )
  end
end

-- Pre-0.11: one client per root directory.
local clients_by_root = {}

local function with_settings_push(config)
  -- Neovim before 0.8 does not send the settings after initialize by itself.
  local user_on_init = config.on_init
  config.on_init = function(client, result)
    if not has("nvim-0.8") and next(config.settings) ~= nil then
      client_call(client, "notify", "workspace/didChangeConfiguration", { settings = config.settings })
    end
    if user_on_init then
      return user_on_init(client, result)
    end
  end
  return config
end

local function start_legacy(bufnr, base)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= "" then
    return
  end
  local root = M.find_root(vim.api.nvim_buf_get_name(bufnr), base.root_markers)
  local config = vim.deepcopy(base)
  config.root_markers = nil
  config.filetypes = nil
  config.root_dir = root
  with_settings_push(config)

  if vim.lsp.start then
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(config, { bufnr = bufnr })
    end)
    return
  end

  -- Neovim 0.7.
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client_call(client, "is_stopped") then
    id = vim.lsp.start_client(config)
    if not id then
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- The handler of the server's copydesk/status notification.
function M.on_status(_, result)
  if type(result) == "table" and result.uri then
    M.statuses[result.uri] = result
    vim.schedule(function()
      vim.cmd("redrawstatus")
    end)
  end
end

--- The status of `bufnr` as the server reported it, or nil.
function M.status(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return M.statuses[vim.uri_from_bufnr(bufnr)]
end

--- A short text for the statusline: "copydesk AP 2025-11-26", or "" for a buffer the
--- server has not checked. For example: vim.o.statusline = "%f %=%{v:lua.require'copydesk'.statusline()}"
function M.statusline(bufnr)
  local s = M.status(bufnr)
  if not s then
    return ""
  end
  return string.format("copydesk %s %s", string.upper(tostring(s.profile)), tostring(s.date))
end

--- The profile and date of `bufnr`, and where each came from, as one line.
function M.describe_status(bufnr)
  local s = M.status(bufnr)
  if not s then
    return "copydesk: no status for this buffer yet"
  end
  return string.format("copydesk: profile %s (%s), story date %s (%s)", tostring(s.profile),
    tostring(s.profileSource), tostring(s.date), tostring(s.dateSource))
end

--- Applies the preferred fix of the finding under the cursor, without a menu. Returns true
--- when a fix was applied.
function M.fix_at_cursor(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.get_client(bufnr)
  if not client then
    notify("no copydesk server is attached to this buffer", vim.log.levels.WARN)
    return false
  end
  local encoding = client.offset_encoding or "utf-16"
  local cursor = vim.api.nvim_win_get_cursor(0)
  local row = cursor[1] - 1
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, true)[1] or ""
  local pos = { line = row, character = M.char_index(line, cursor[2], encoding) }
  -- Without diagnostics in the context the server uses its own under the cursor (Neovim
  -- before 0.10 keeps only part of each diagnostic it was sent).
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = pos, ["end"] = pos },
    context = { diagnostics = {}, only = { "quickfix" } },
  }
  local response = client_call(client, "request_sync", "textDocument/codeAction", params, timeout_ms or 3000, bufnr)
  for _, action in ipairs(response and response.result or {}) do
    if action.isPreferred then
      return M.apply_code_action(client, bufnr, action, timeout_ms)
    end
  end
  notify("no preferred fix under the cursor")
  return false
end

local function define_commands(bufnr)
  local create = bufnr and function(name, fn, o)
    vim.api.nvim_buf_create_user_command(bufnr, name, fn, o)
  end or vim.api.nvim_create_user_command
  create("CopydeskFixAll", function()
    M.fix_all(0)
  end, { desc = "Apply every safe copydesk fix in the current buffer" })
  create("CopydeskFix", function()
    M.fix_at_cursor(0)
  end, { desc = "Apply the preferred copydesk fix under the cursor" })
  create("CopydeskStatus", function()
    print(M.describe_status(0))
  end, { desc = "Show the profile and story date copydesk checks this buffer with" })
end

--- What copydesk does in every buffer it attaches to: its commands, and `K` for hover
--- where Neovim maps none (before 0.10).
function M.on_attach(_, bufnr)
  define_commands(bufnr)
  if not has("nvim-0.10") and vim.fn.maparg("K", "n", false, true).buffer ~= 1 then
    vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = bufnr, desc = "copydesk: hover" })
  end
end

--- copydesk's on_attach followed by the user's.
function M.with_on_attach(user_on_attach)
  return function(client, bufnr)
    M.on_attach(client, bufnr)
    if user_on_attach then
      return user_on_attach(client, bufnr)
    end
  end
end

--- Sets up the copydesk language server for Markdown and plain-text buffers.
function M.setup(opts)
  local config = M.client_config(opts)
  M.config = config
  check_executable(config.cmd)

  if vim.lsp.config and vim.lsp.enable and has("nvim-0.11") then
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
  else
    local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = config.filetypes,
      callback = function(args)
        start_legacy(args.buf, config)
      end,
      desc = "Start the copydesk language server",
    })
    -- Buffers already open when setup() runs.
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(config.filetypes, vim.bo[buf].filetype) then
        start_legacy(buf, config)
      end
    end
  end

  define_commands(nil)
end

--- The copydesk client attached to `bufnr`, if any.
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr, name = M.name })
    or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == M.name then
      return client
    end
  end
  return nil
end

--- Applies a code action returned by copydesk: resolves it when the server left
--- its edit to `codeAction/resolve`, then applies the edit and runs any command.
function M.apply_code_action(client, bufnr, action, timeout_ms)
  timeout_ms = timeout_ms or 3000
  if action.edit == nil and action.data ~= nil then
    local response = client_call(client, "request_sync", "codeAction/resolve", action, timeout_ms, bufnr)
    if response and response.result then
      action = response.result
    end
  end
  local applied = false
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
    applied = true
  end
  local command = type(action.command) == "table" and action.command or nil
  if command == nil and type(action.command) == "string" then
    command = action -- a bare Command
  end
  if command then
    client_call(client, "request_sync", "workspace/executeCommand", {
      command = command.command,
      arguments = command.arguments,
    }, timeout_ms, bufnr)
    applied = true
  end
  return applied
end

--- Requests the `source.fixAll.copydesk` action for the buffer and applies it.
--- Returns true when an edit was applied.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.get_client(bufnr)
  if not client then
    notify("no copydesk server is attached to this buffer", vim.log.levels.WARN)
    return false
  end
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  local last_line = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, true)[1] or ""
  local end_char = M.char_index(last_line, #last_line, client.offset_encoding or "utf-16")
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = last, character = end_char } },
    context = { diagnostics = {}, only = { "source.fixAll.copydesk" } },
  }
  local response = client_call(client, "request_sync", "textDocument/codeAction", params, timeout_ms or 3000, bufnr)
  local actions = response and response.result or {}
  for _, action in ipairs(actions) do
    if action.kind == "source.fixAll.copydesk" then
      return M.apply_code_action(client, bufnr, action, timeout_ms)
    end
  end
  notify("nothing to fix automatically in this buffer")
  return false
end

return M
