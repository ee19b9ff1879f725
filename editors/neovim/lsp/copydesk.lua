-- copydesk language server, in the form Neovim 0.11+ reads from `lsp/` on 'runtimepath'.
-- With editors/neovim on 'runtimepath' (or this file copied to ~/.config/nvim/lsp/):
--
--   vim.lsp.enable("copydesk")
--
-- Settings can be changed with vim.lsp.config("copydesk", { settings = { copydesk = { ... } } }).
-- With editors/neovim on 'runtimepath' the buffers also get :CopydeskFixAll, :CopydeskFix and
-- :CopydeskStatus, and the server's copydesk/status reaches require("copydesk").statusline().
local ok, copydesk = pcall(require, "copydesk")
return {
  cmd = { "copydesk", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "copydesk.toml", ".git" },
  -- The same object is sent as initializationOptions and, after initialize, in
  -- workspace/didChangeConfiguration. Keys: profile ("ap" | "reuters"),
  -- date ("YYYY-MM-DD"), datePolicy ("document" | "today"), rules ({ [id] = level }).
  init_options = { copydesk = { profile = "ap" } },
  settings = { copydesk = { profile = "ap" } },
  handlers = ok and { ["copydesk/status"] = copydesk.on_status } or nil,
  on_attach = ok and copydesk.on_attach or nil,
}
