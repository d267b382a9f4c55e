-- Driven by TestNeovim: Neovim's own LSP client (0.7 and later) against
-- `seaworthy lsp`. Inputs come from the environment; the results go to
-- SW_OUT as JSON, so that the Go test makes the assertions.
local bin, file, out = vim.env.SW_BIN, vim.env.SW_FILE, vim.env.SW_OUT
local result = { diagnostics = {}, actions = {}, after = -1 }

local function finish(err)
  result.error = err
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd(err and 'cquit 1' or 'qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'seaworthy',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  if not id then error('the client did not start') end
  vim.lsp.buf_attach_client(buf, id)

  if not vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    error('no diagnostics from the server')
  end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      code = d.code or lsp.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source,
    })
  end

  -- The quick fixes at line 3, column 21 (apt), then every safe fix.
  local uri = vim.uri_from_bufnr(buf)
  local function actions(range, only)
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
      textDocument = { uri = uri }, range = range, context = { diagnostics = {}, only = only },
    }, 30000)
    local list = {}
    for _, r in pairs(res or {}) do
      if r.error then error('codeAction: ' .. vim.inspect(r.error)) end
      for _, a in ipairs(r.result or {}) do table.insert(list, a) end
    end
    return list
  end
  local here = { start = { line = 2, character = 20 }, ['end'] = { line = 2, character = 20 } }
  for _, a in ipairs(actions(here, { 'quickfix' })) do table.insert(result.actions, a.title) end
  local all = actions({ start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } }, { 'source.fixAll' })
  if #all ~= 1 then error('expected one fixAll action, got ' .. #all) end
  vim.lsp.util.apply_workspace_edit(all[1].edit, 'utf-16')
  vim.cmd('write')

  -- The server lints the edited buffer again: nothing is left.
  if not vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
    result.after = #vim.diagnostic.get(buf)
    error('diagnostics remain after the fixes')
  end
  result.after = 0
end)
finish(not ok and tostring(err) or nil)
