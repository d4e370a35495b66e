-- wrk script: post.lua's requests, paced to RATE requests/s in all (open loop: each thread
-- keeps its own schedule of slots whatever the answers' latency, and a late answer does not
-- move the slots after it). POST_LUA names post.lua.
dofile(os.getenv("POST_LUA"))

local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } timespec_t;
           int clock_gettime(int, timespec_t*); ]]
local ts = ffi.new("timespec_t")

local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local base_init = init
function init(args)
  base_init(args)
  interval = 1000 * tonumber(os.getenv("WRK_THREADS")) / tonumber(os.getenv("RATE"))
  next_slot = now_ms() + interval * (index - 1) / tonumber(os.getenv("WRK_THREADS"))
end

function delay()
  local wait = next_slot - now_ms()
  next_slot = next_slot + interval
  if wait < 0 then return 0 end
  return wait
end
