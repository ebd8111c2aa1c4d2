-- A minimal Neovim configuration for testing `parlance lsp` in a real
-- editor: start the server for Markdown buffers, wait for diagnostics on
-- the file given on the command line, print them one per line, and quit
-- (status 0 when diagnostics arrived, 1 when none did in time).
--
--   PARLANCE_BIN=target/release/parlance nvim --headless -u tests/nvim/init.lua FILE.md
--
-- Works from Neovim 0.7 (Debian bookworm) on: `vim.lsp.start` is used
-- where it exists (0.8+), `vim.lsp.start_client` otherwise.

vim.cmd("filetype on")

local bin = os.getenv("PARLANCE_BIN") or "parlance"

vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function(args)
    local config = {
      name = "parlance",
      cmd = { bin, "lsp" },
      root_dir = vim.fn.getcwd(),
    }
    if vim.lsp.start then
      vim.lsp.start(config)
    else
      local client = vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, client)
    end
  end,
})

local severities = { "error", "warning", "information", "hint" }

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local arrived = vim.wait(20000, function()
      return #vim.diagnostic.get(buf) > 0
    end, 50)
    local lines = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      -- Older Neovims keep the LSP fields under user_data.
      local lsp = d.user_data and d.user_data.lsp or {}
      -- Line and column 1-based; Neovim's columns are bytes, converted
      -- from the server's UTF-16 by the editor itself.
      table.insert(lines, string.format(
        "%d:%d-%d:%d %s %s %s: %s",
        d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1,
        severities[d.severity] or "?", d.code or lsp.code or "?",
        d.source or lsp.source or "?", d.message
      ))
    end
    table.sort(lines)
    io.stdout:write(table.concat(lines, "\n") .. "\n")
    vim.cmd(arrived and "qall!" or "cquit!")
  end,
})
