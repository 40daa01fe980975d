-- Headless Neovim config for the e2e test: runs the DriverKit server through Neovim's own LSP client, opens one file,
-- waits (polling, with a timeout) for the diagnostics the test expects, and writes what it got as JSON.
-- Inputs come from the environment: DK_NODE, DK_SERVER, DK_ROOT, DK_FILE, DK_OUT, DK_EXPECT (a JSON list of
-- "CODE:LINE" strings), DK_TIMEOUT_MS. Works with Neovim 0.7 (Debian 12) and later.
local env = vim.env
local timeout = tonumber(env.DK_TIMEOUT_MS or '60000')
local expected = vim.json.decode(env.DK_EXPECT or '[]')

local function write_result(result)
  vim.fn.writefile({ vim.json.encode(result) }, env.DK_OUT)
end

vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(env.DK_FILE))
local buf = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'driverkit',
  cmd = { env.DK_NODE, env.DK_SERVER, '--stdio' },
  root_dir = env.DK_ROOT,
  workspace_folders = { { uri = vim.uri_from_fname(env.DK_ROOT), name = 'example' } },
})
if not client_id then
  write_result({ error = 'vim.lsp.start_client returned nil' })
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(buf, client_id)

local function snapshot()
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(items, { code = tostring(d.code), line = d.lnum + 1, column = d.col + 1, source = d.source, message = d.message })
  end
  table.sort(items, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    return a.code < b.code
  end)
  return items
end

local function matches_expected()
  local seen = {}
  for _, item in ipairs(snapshot()) do seen[item.code .. ':' .. item.line] = true end
  local count = 0
  for _ in pairs(seen) do count = count + 1 end
  if count ~= #expected then return false end
  for _, key in ipairs(expected) do
    if not seen[key] then return false end
  end
  return true
end

local started = vim.loop.hrtime()
local matched = vim.wait(timeout, matches_expected, 50)
local waited_ms = math.floor((vim.loop.hrtime() - started) / 1e6)

local client = vim.lsp.get_client_by_id(client_id)
local status = nil
if client then
  local response = client.request_sync('driverkit/serverStatus', {}, 10000, buf)
  status = response and response.result or nil
end
write_result({
  matched = matched,
  waitedMs = waited_ms,
  filetype = vim.bo[buf].filetype,
  diagnostics = snapshot(),
  serverStatus = status,
})

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qall!')
