-- ---------------------------------------------------------------------------------------------------
-- FeedScope dissector runtime (fixed text: nothing below comes from a description). It walks the FS
-- table above the way FeedScope's FeedPacket/FeedMessage do: packet layouts tried in order (the one
-- without `when` last), repeat blocks handed to the feed protocol, message types chosen by the
-- discriminator, and the same expert items (ids, severities, texts) for the same malformations.
-- ---------------------------------------------------------------------------------------------------

local function rd(f, tvb, off)
	local r = tvb(off, f.width)
	if f.width <= 4 then
		if f.le then return r:le_uint() else return r:uint() end
	end
	if f.le then return r:le_uint64() else return r:uint64() end
end

local function num(v)
	if type(v) == "number" then return v end
	return v:tonumber()
end

local function digits(v)
	if type(v) == "number" then return string.format("%d", v) end
	return tostring(v)
end

local function decimal(v, scale)
	local d = digits(v)
	if scale == 0 then return d end
	if #d <= scale then d = string.rep("0", scale - #d + 1) .. d end
	return d:sub(1, #d - scale) .. "." .. d:sub(#d - scale + 1)
end

local PER = { ns = { 1e9, 9 }, us = { 1e6, 6 }, ms = { 1e3, 3 }, s = { 1, 0 } }
local function time_of_day(v, unit)
	local per = PER[unit] or PER.s
	local n = num(v)
	local secs = math.floor(n / per[1])
	local frac = n - secs * per[1]
	local days = math.floor(secs / 86400)
	secs = secs % 86400
	local s = string.format("%02d:%02d:%02d", math.floor(secs / 3600), math.floor(secs / 60) % 60, secs % 60)
	if per[2] > 0 then s = s .. "." .. string.format("%0" .. per[2] .. "d", frac) end
	if days > 0 then s = s .. " +" .. days .. "d" end
	return s
end

local function printable_char(c)
	if c >= 0x20 and c < 0x7f then return "'" .. string.char(c) .. "'" end
	return string.format("0x%02x", c)
end

local function special_of(f, v)
	if not f.specials then return nil end
	local n = num(v)
	for _, s in ipairs(f.specials) do
		if s.value == n then return s end
	end
	return nil
end

local function enum_of(f, key)
	if not f.enum then return nil end
	return f.enum[key]
end

-- FieldInfo.format / formatText: what a person reads in the tree
local function format(f, v)
	if f.kind == "CHAR" then
		local c = printable_char(v)
		local l = enum_of(f, v)
		if l then return l .. " (" .. c .. ")" end
		return c
	elseif f.kind == "DECIMAL" then
		return decimal(v, f.scale)
	elseif f.kind == "TIME" then
		return time_of_day(v, f.unit)
	end
	local s = special_of(f, v)
	if s then return s.label .. " (" .. digits(v) .. ")" end
	local l = enum_of(f, num(v))
	if l then return l .. " (" .. digits(v) .. ")" end
	return digits(v)
end

-- ---- registration: one Proto per description, its ProtoFields and ProtoExperts
for _, P in ipairs(FS.protocols) do
	P.proto = Proto(P.abbrev, P.description)
	local list = {}
	for _, f in ipairs(P.fields) do
		local ab, lab, doc = f.abbrev, f.label, f.doc
		if f.kind == "UINT" or f.kind == "TIME" then
			if f.width == 1 then f.pf = ProtoField.uint8(ab, lab, base.DEC, nil, nil, doc)
			elseif f.width == 2 then f.pf = ProtoField.uint16(ab, lab, base.DEC, nil, nil, doc)
			elseif f.width <= 4 then f.pf = ProtoField.uint32(ab, lab, base.DEC, nil, nil, doc)
			else f.pf = ProtoField.uint64(ab, lab, base.DEC, nil, nil, doc) end
		elseif f.kind == "BYTES" then
			f.pf = ProtoField.bytes(ab, lab, base.NONE, doc)
		else
			-- CHAR, ASCII and DECIMAL are text, as `feedscope decode` prints them ("B", "AAPL", "123.4500")
			f.pf = ProtoField.string(ab, lab, base.ASCII, doc)
		end
		list[#list + 1] = f.pf
		if f.enum or f.specials then
			-- the label of the code, as `feedscope decode` prints it in FIELD_name
			f.pfname = ProtoField.string(ab .. "_name", lab .. " (name)", base.ASCII, doc)
			list[#list + 1] = f.pfname
		end
	end
	if P.kind == "framing" then
		P.pfblock = ProtoField.none(P.abbrev .. ".message_block", P.label .. " Message Block")
		list[#list + 1] = P.pfblock
		P.ei = {}
		local ei = {}
		ei.header_short = ProtoExpert.new(P.abbrev .. ".header.short", "Header cut short", expert.group.MALFORMED, expert.severity.ERROR)
		ei.request_extra = ProtoExpert.new(P.abbrev .. ".request.extra", "Bytes after the request header", expert.group.MALFORMED, expert.severity.WARN)
		ei.block_invalid = ProtoExpert.new(P.abbrev .. ".block.invalid", "Block header cut short", expert.group.MALFORMED, expert.severity.ERROR)
		local all = { ei.header_short, ei.request_extra, ei.block_invalid }
		ei.field = {}
		for i, f in ipairs(P.fields) do
			if f.checked then
				ei.field[i] = ProtoExpert.new(f.abbrev .. ".invalid", f.label .. " invalid", expert.group.MALFORMED, expert.severity.ERROR)
				all[#all + 1] = ei.field[i]
			end
		end
		P.ei = ei
		P.proto.experts = all
	else
		local ei = {}
		ei.short = ProtoExpert.new(P.abbrev .. ".message.short", "Message shorter than its type", expert.group.MALFORMED, expert.severity.ERROR)
		ei.long = ProtoExpert.new(P.abbrev .. ".message.long", "Message longer than its type", expert.group.MALFORMED, expert.severity.WARN)
		local all = { ei.short, ei.long }
		if P.messages and P.messages.disc then
			local d = P.fields[P.messages.disc]
			ei.unknown = ProtoExpert.new(d.abbrev .. ".unknown", "Unknown " .. d.label, expert.group.MALFORMED, expert.severity.WARN)
			all[#all + 1] = ei.unknown
		end
		P.ei = ei
		P.proto.experts = all
	end
	P.proto.fields = list
end

local function by_name(name)
	for _, P in ipairs(FS.protocols) do
		if P.name == name then return P end
	end
	return nil
end

-- ---- one field into the tree, text as FeedScope shows it
local function add_field(P, f, tree, tvb, off, width)
	local r = tvb(off, width)
	local item
	if f.kind == "BYTES" then
		return tree:add(f.pf, r)
	elseif f.kind == "ASCII" then
		local text = r:string():gsub("%s+$", "")
		item = tree:add(f.pf, r, text)
		local l = enum_of(f, text)
		if l then
			item:set_text(f.label .. ": " .. l .. " (" .. text .. ")")
			tree:add(f.pfname, r, l):set_generated()
		else
			item:set_text(f.label .. ": " .. text)
		end
		return item
	end
	local v = rd(f, tvb, off)
	if f.kind == "CHAR" then
		item = tree:add(f.pf, r, string.char(num(v)))
	elseif f.kind == "DECIMAL" then
		item = tree:add(f.pf, r, decimal(v, f.scale))
	elseif f.width > 4 then
		item = tree:add(f.pf, r, UInt64.new(0, 0) + v)
	else
		item = tree:add(f.pf, r, v)
	end
	item:set_text(f.label .. ": " .. format(f, v))
	if f.pfname then
		local s = special_of(f, v)
		local l = s and s.label or enum_of(f, num(v))
		if l then tree:add(f.pfname, r, l):set_generated() end
	end
	return item, v
end

-- ---- conditions (`when` of a packet layout, heuristics): Protocol's C_SIZE, C_FIELD, ...
local function compare(x, op, v)
	if op == "==" then return x == v
	elseif op == "!=" then return x ~= v
	elseif op == "<" then return x < v
	elseif op == "<=" then return x <= v
	elseif op == ">" then return x > v
	elseif op == ">=" then return x >= v end
	return x == v
end

local function top_offset(layout, fi)
	for _, e in ipairs(layout.top) do
		if e.field == fi then return e.offset end
	end
	return -1
end

local function blocks_fill(P, L, tvb)
	local len = tvb:len()
	if not L.rep or len < L.header or not L.rep.size then return false end
	local pos, n = L.header, 0
	local sf = P.fields[L.rep.size]
	while pos < len do
		if pos + L.rep.fixed > len then return false end
		local size = num(rd(sf, tvb, pos + L.rep.sizeoff))
		if L.rep.fixed + size <= 0 then return false end -- no progress: cannot fill the payload
		pos = pos + L.rep.fixed + size
		n = n + 1
	end
	if pos ~= len then return false end
	if L.rep.count then
		local cf = P.fields[L.rep.count]
		local co = top_offset(L, L.rep.count)
		if co < 0 then return false end
		local c = rd(cf, tvb, co)
		if special_of(cf, c) then return n == 0 end
		return num(c) == n
	end
	return true
end

local function conditions_hold(P, L, conds, tvb)
	local len = tvb:len()
	for _, c in ipairs(conds) do
		if c.test == "SIZE" then
			if not compare(len, c.op, c.value) then return false end
		elseif c.test == "BLOCKS_FILL" then
			if not blocks_fill(P, L, tvb) then return false end
		else
			local f = P.fields[c.field]
			local rel = top_offset(L, c.field)
			if rel < 0 or rel + f.width > len then return false end
			if c.test == "PRINTABLE" then
				for k = 0, f.width - 1 do
					local ch = tvb(rel + k, 1):uint()
					if ch < 0x20 or ch > 0x7e then return false end
				end
			else
				local x = rd(f, tvb, rel)
				local special = special_of(f, x) ~= nil
				if c.test == "SPECIAL" and not special or c.test == "NOT_SPECIAL" and special
						or c.test == "FIELD" and not compare(num(x), c.op, c.value) then
					return false
				end
			end
		end
	end
	return true
end

-- ---- the feed protocol: one message (FeedPacket.typeMessages + FeedMessage)
local function dissect_message(F, tvb, off, len, tree)
	local r = len > 0 and tvb(off, len) or tvb(off, 0)
	local M = F.messages
	local item = tree:add(F.proto, r)
	if not M or not M.disc then
		item:set_text(F.label)
		return
	end
	local d = F.fields[M.disc]
	if len < M.discoff + d.width then
		item:set_text(F.label .. ", " .. M.fallback.label)
		item:add_proto_expert_info(F.ei.short, "message of " .. len .. " bytes has no room for its " .. d.label)
		return
	end
	local code = num(rd(d, tvb, off + M.discoff))
	local T = M.bycode[code]
	if not T then
		item:set_text(F.label .. ", " .. M.fallback.label)
		add_field(F, d, item, tvb, off + M.discoff, d.width)
		item:add_proto_expert_info(F.ei.unknown, "unknown " .. d.label .. " " .. format(d, code) .. ": decoded as " .. M.fallback.label)
		return
	end
	item:set_text(F.label .. ", " .. T.label)
	for _, e in ipairs(T.fields) do
		local f = F.fields[e.field]
		if e.offset + f.width <= len then
			add_field(F, f, item, tvb, off + e.offset, f.width)
		end
	end
	if len < T.length then
		item:add_proto_expert_info(F.ei.short, T.label .. " needs " .. T.length .. " bytes, the block holds " .. len)
	elseif len > T.length then
		item:add_proto_expert_info(F.ei.long, T.label .. " is " .. T.length .. " bytes, the block holds " .. len .. " (trailing bytes ignored)")
	end
end

-- ---- the framing protocol (FeedPacket.decodeUdp)
local function dissect_framing(P, tvb, pinfo, tree)
	local len = tvb:len()
	local L = P.packets[#P.packets]
	for k = 1, #P.packets - 1 do
		if conditions_hold(P, P.packets[k], P.packets[k].conds, tvb) then
			L = P.packets[k]
			break
		end
	end
	pinfo.cols.protocol:set(P.short)
	local t = tree:add(P.proto, tvb())
	t:set_text(P.label .. ", " .. L.label)
	if len < L.header then
		t:add_proto_expert_info(P.ei.header_short, L.label .. " header needs " .. L.header .. " bytes, payload has " .. len)
		return len
	end
	local vals, offs = {}, {}
	for _, e in ipairs(L.top) do
		local f = P.fields[e.field]
		local _, v = add_field(P, f, t, tvb, e.offset, f.width)
		vals[e.field], offs[e.field] = v, e.offset
	end
	local kind = L.kind
	if P.count and vals[P.count] ~= nil then
		local s = special_of(P.fields[P.count], vals[P.count])
		if s and s.kind ~= "" and kind == "DATA" then kind = s.kind end
	end
	local info = L.label
	if P.session and vals[P.session] ~= nil then info = info .. " " .. tvb(offs[P.session], P.fields[P.session].width):string():gsub("%s+$", "") end
	if P.sequence and vals[P.sequence] ~= nil then info = info .. " seq=" .. digits(vals[P.sequence]) end
	if P.count and vals[P.count] ~= nil then info = info .. " count=" .. digits(vals[P.count]) end
	if kind ~= "DATA" and kind ~= "REQUEST" then info = info .. " (" .. kind .. ")" end
	pinfo.cols.info:set(info)
	local feed = P.feed and by_name(P.feed) or nil
	local blocks = {}
	if L.rep then
		local expected = -1
		if L.rep.count then
			local c = vals[L.rep.count]
			expected = special_of(P.fields[L.rep.count], c) and 0 or num(c)
		end
		local pos = L.header
		local sf = L.rep.size and P.fields[L.rep.size] or nil
		while pos < len do
			if pos + L.rep.fixed > len then
				local bt = t:add(P.pfblock, tvb(pos, len - pos))
				if sf then
					bt:add_proto_expert_info(P.ei.field[L.rep.size], "block header needs " .. L.rep.fixed .. " bytes, " .. (len - pos) .. " left in the payload")
				else
					bt:add_proto_expert_info(P.ei.block_invalid, "block header needs " .. L.rep.fixed .. " bytes, " .. (len - pos) .. " left in the payload")
				end
				break
			end
			local mstart = pos + L.rep.fixed
			local size = sf and num(rd(sf, tvb, pos + L.rep.sizeoff)) or (len - mstart)
			local over = size > len - mstart
			local mlen = over and (len - mstart) or size
			blocks[#blocks + 1] = { pos = pos, mstart = mstart, mlen = mlen, over = over, size = size }
			if over or mstart + size <= pos then break end -- an empty block would never end the walk
			pos = mstart + size
		end
		for i, b in ipairs(blocks) do
			local bt = t:add(P.pfblock, tvb(b.pos, b.mstart + b.mlen - b.pos))
			bt:set_text("Message Block " .. i)
			for _, e in ipairs(L.rep.fields) do
				local f = P.fields[e.field]
				if f.kind ~= "BYTES" then
					local item = add_field(P, f, bt, tvb, b.pos + e.offset, f.width)
					if b.over and e.field == L.rep.size then
						item:add_proto_expert_info(P.ei.field[L.rep.size], "message length " .. b.size .. " overruns the payload: " .. b.mlen .. " bytes left")
					end
				end
			end
			if P.msgseq and P.sequence and vals[P.sequence] ~= nil then
				bt:add(P.fields[P.msgseq].pf, UInt64.new(0, 0) + vals[P.sequence] + (i - 1)):set_generated()
			end
			if feed then
				dissect_message(feed, tvb, b.mstart, b.mlen, bt)
			elseif b.mlen > 0 and L.rep.bytes then
				bt:add(P.fields[L.rep.bytes].pf, tvb(b.mstart, b.mlen))
			end
		end
		if expected >= 0 and expected ~= #blocks then
			local cf = P.fields[L.rep.count]
			local s = special_of(cf, vals[L.rep.count])
			local text = s and (s.label .. " packet carries " .. #blocks .. " message block(s)")
				or ("count says " .. expected .. ", payload holds " .. #blocks .. " message block(s)")
			t:add_proto_expert_info(P.ei.field[L.rep.count], text)
		end
	elseif L.bytes then
		local start, size = L.header, len - L.header
		if L.bytes.size then
			local declared = num(vals[L.bytes.size])
			if declared > size then
				t:add_proto_expert_info(P.ei.field[L.bytes.size], "length " .. declared .. " overruns the payload: " .. size .. " bytes left")
			else
				size = declared
			end
		end
		if L.bytes.handoff and feed then
			dissect_message(feed, tvb, start, size, t)
		end
	elseif len > L.header and L.kind == "REQUEST" then
		t:add_proto_expert_info(P.ei.request_extra, "request packet has " .. (len - L.header) .. " bytes after its header")
	end
	return len
end

-- ---- bindings: ports (and Decode As), groups, heuristics (best score wins, as in FeedPacket.bind)
local udp = DissectorTable.get("udp.port")
local learned = {}

local function ip_number(addr)
	local a, b, c, d = tostring(addr):match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
	if not a then return nil end
	return ((tonumber(a) * 256 + tonumber(b)) * 256 + tonumber(c)) * 256 + tonumber(d)
end

local function in_group(g, dst)
	if g.prefix == 0 then return true end
	local span = 2 ^ (32 - g.prefix)
	return math.floor(g.address / span) == math.floor(dst / span)
end

for _, P in ipairs(FS.protocols) do
	if P.kind == "framing" then
		P.proto.dissector = function(tvb, pinfo, tree) return dissect_framing(P, tvb, pinfo, tree) end
		udp:add_for_decode_as(P.proto)
		for _, r in ipairs(P.ports) do
			for port = r[1], r[2] do udp:add(port, P.proto) end
		end
	end
end

local heuristic_owner = nil
for _, P in ipairs(FS.protocols) do
	if P.kind == "framing" and (#P.heuristics > 0 or #P.groups > 0) and not heuristic_owner then heuristic_owner = P end
end

if heuristic_owner then
	heuristic_owner.proto:register_heuristic("udp", function(tvb, pinfo, tree)
		local dst = ip_number(pinfo.dst)
		if dst then
			for _, P in ipairs(FS.protocols) do
				if P.kind == "framing" then
					for _, g in ipairs(P.groups) do
						if in_group(g, dst) then
							dissect_framing(P, tvb, pinfo, tree)
							return true
						end
					end
				end
			end
		end
		local lp = learned[pinfo.dst_port] or learned[pinfo.src_port]
		if lp then
			dissect_framing(lp, tvb, pinfo, tree)
			return true
		end
		local best, score = nil, 0
		for _, P in ipairs(FS.protocols) do
			if P.kind == "framing" and #P.packets > 0 then
				local L = P.packets[#P.packets]
				for _, h in ipairs(P.heuristics) do
					if h.score > score and conditions_hold(P, L, h.conds, tvb) then
						best, score = P, h.score
					end
				end
			end
		end
		if not best then return false end
		if FS.learn_ports then learned[pinfo.dst_port] = best end
		dissect_framing(best, tvb, pinfo, tree)
		return true
	end)
end
