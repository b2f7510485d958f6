--[[
The flash-sale gate: the rule of docs/API.md (FLASH_SALE) as it runs, one atomic script, so
concurrent checkouts never see the same unit. Loaded by flash-sale-gate.ts and registered with
ioredis defineCommand; checked against the documented rule by test/flash-sale-gate.int-spec.ts.

Counters per sale: units taken in all (`sold`) and per customer (`mine`), granted or sold. The
rule: a customer gets min(asked, quantity - sold, perCustomerLimit - mine), never below zero.

ARGV[1] names the operation:
  grant    KEYS: pairs (sold, mine). ARGV[2..]: per pair the units asked, the sale's quantity and
           its per-customer limit. Decides the pairs in order and counts what it grants.
  left     KEYS: sold, and mine for a customer. ARGV[2], ARGV[3]: quantity, per-customer limit.
           The units a customer (or, without mine, any shopper) could still get.
  release  KEYS: pairs (sold, mine). ARGV[2..]: per pair the units given back.
A missing counter (Redis restarted or evicted it) makes grant and left answer -1 followed by the
indexes of the missing keys, counting nothing: the caller seeds them from the Postgres ledger and
asks again. Release skips a missing counter and never goes below zero, since a counter seeded
after the grant may not include it.
]]

local op = ARGV[1]

local function missing_keys()
  local missing = {}
  for i = 1, #KEYS do
    if redis.call('EXISTS', KEYS[i]) == 0 then missing[#missing + 1] = i end
  end
  if #missing == 0 then return nil end
  table.insert(missing, 1, -1)
  return missing
end

-- Units left for a customer (an anonymous shopper has taken none): quota and own limit.
local function left(quantity, limit, sold_key, mine_key)
  local mine = 0
  if mine_key then mine = tonumber(redis.call('GET', mine_key)) end
  local units = math.min(quantity - tonumber(redis.call('GET', sold_key)), limit - mine)
  if units < 0 then return 0 end
  return units
end

if op == 'grant' then
  local missing = missing_keys()
  if missing then return missing end
  local granted = {}
  for i = 1, #KEYS / 2 do
    local sold, mine = KEYS[2 * i - 1], KEYS[2 * i]
    local asked = tonumber(ARGV[3 * i - 1])
    local grant = math.min(asked, left(tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1]), sold, mine))
    if grant < 0 then grant = 0 end
    if grant > 0 then
      redis.call('INCRBY', sold, grant)
      redis.call('INCRBY', mine, grant)
    end
    granted[i] = grant
  end
  return granted
end

if op == 'left' then
  local missing = missing_keys()
  if missing then return missing end
  return { left(tonumber(ARGV[2]), tonumber(ARGV[3]), KEYS[1], KEYS[2]) }
end

if op == 'release' then
  for i = 1, #KEYS / 2 do
    local units = tonumber(ARGV[i + 1])
    for _, key in ipairs({ KEYS[2 * i - 1], KEYS[2 * i] }) do
      if redis.call('EXISTS', key) == 1 then
        local after = redis.call('DECRBY', key, units)
        if after < 0 then redis.call('INCRBY', key, -after) end
      end
    end
  end
  return 0
end

return redis.error_reply('flash-sale-gate: unknown operation ' .. tostring(op))
