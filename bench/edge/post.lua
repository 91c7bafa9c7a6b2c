-- wrk script: POST the file named by $BODY, with "Authorization: Token $TOKEN" when $TOKEN is set.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
local token = os.getenv("TOKEN")
if token ~= nil and #token > 0 then
  wrk.headers["Authorization"] = "Token " .. token
end
