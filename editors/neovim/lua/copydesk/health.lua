-- :checkhealth copydesk
local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local report_error = health.error or health.report_error

function M.check()
  start("copydesk")
  local v = vim.version()
  local version = string.format("%d.%d.%d", v.major, v.minor, v.patch)
  if vim.fn.has("nvim-0.11") == 1 then
    ok("Neovim " .. version .. ": uses vim.lsp.config() and vim.lsp.enable()")
  elseif vim.fn.has("nvim-0.7") == 1 then
    ok("Neovim " .. version .. ": uses a FileType autocommand to start the server")
  else
    report_error("Neovim " .. version .. " is too old: copydesk needs 0.7 or later")
  end

  local copydesk = package.loaded["copydesk"]
  local config = copydesk and copydesk.config
  if not config then
    warn('require("copydesk").setup() has not been called')
    return
  end
  local cmd = config.cmd
  if type(cmd) ~= "table" then
    ok("cmd is a function; not checked")
    return
  end
  local exe = vim.fn.exepath(cmd[1])
  if exe == "" then
    report_error(string.format("%q is not executable or not on PATH; install copydesk or set cmd in setup()", cmd[1]))
    return
  end
  local out = vim.fn.system({ exe, "--version" })
  ok(string.format("server: %s (%s)", exe, vim.trim(out)))
  ok("settings: " .. vim.inspect(config.settings.copydesk, { newline = " ", indent = "" }))
end

return M
