#!/usr/bin/env python3
"""Independent oracle for the real-capture tests (not used by the Java code).

Reads the NASDAQ captures with a hand-written pcap/Ethernet/VLAN/IPv4/UDP walk and decodes MoldUDP64
and ITCH 5.0 from a field table typed in from the NASDAQ TotalView-ITCH 5.0 specification (names =
snake_case of the spec names, types: u = unsigned big-endian, a = ASCII, p4/p8 = price with 4/8
implied decimals, t = 6-byte nanoseconds since midnight). Writes itch50-expected.txt:
    file|frame|msg|field|value
value: integers in decimal, non-printable characters as \\xNN, chars and ASCII as text (right spaces trimmed), prices as exact decimals.
The MoldUDP64 header values were also checked against tshark -T fields -e moldudp64.* (see the test).
Run (from tests/io.feedscope.dissect.tests): python3 rsc/itch50_oracle.py ../data/nasdaq-itch50 > rsc/itch50-expected.txt
"""
import os
import struct
import sys

H = [('message_type', 'a', 1), ('stock_locate', 'u', 2), ('tracking_number', 'u', 2), ('timestamp', 't', 6)]
SPEC = {
    'S': H + [('event_code', 'a', 1)],
    'R': H + [('stock', 'a', 8), ('market_category', 'a', 1), ('financial_status_indicator', 'a', 1),
              ('round_lot_size', 'u', 4), ('round_lots_only', 'a', 1), ('issue_classification', 'a', 1),
              ('issue_sub_type', 'a', 2), ('authenticity', 'a', 1), ('short_sale_threshold_indicator', 'a', 1),
              ('ipo_flag', 'a', 1), ('luld_reference_price_tier', 'a', 1), ('etp_flag', 'a', 1),
              ('etp_leverage_factor', 'u', 4), ('inverse_indicator', 'a', 1)],
    'H': H + [('stock', 'a', 8), ('trading_state', 'a', 1), ('reserved', 'a', 1), ('reason', 'a', 4)],
    'Y': H + [('stock', 'a', 8), ('reg_sho_action', 'a', 1)],
    'L': H + [('mpid', 'a', 4), ('stock', 'a', 8), ('primary_market_maker', 'a', 1), ('market_maker_mode', 'a', 1),
              ('market_participant_state', 'a', 1)],
    'V': H + [('level_1', 'p8', 8), ('level_2', 'p8', 8), ('level_3', 'p8', 8)],
    'W': H + [('breached_level', 'a', 1)],
    'K': H + [('stock', 'a', 8), ('ipo_quotation_release_time', 'u', 4), ('ipo_quotation_release_qualifier', 'a', 1),
              ('ipo_price', 'p4', 4)],
    'J': H + [('stock', 'a', 8), ('auction_collar_reference_price', 'p4', 4), ('upper_auction_collar_price', 'p4', 4),
              ('lower_auction_collar_price', 'p4', 4), ('auction_collar_extension', 'u', 4)],
    'h': H + [('stock', 'a', 8), ('market_code', 'a', 1), ('operational_halt_action', 'a', 1)],
    'A': H + [('order_reference_number', 'u', 8), ('buy_sell_indicator', 'a', 1), ('shares', 'u', 4), ('stock', 'a', 8),
              ('price', 'p4', 4)],
    'F': H + [('order_reference_number', 'u', 8), ('buy_sell_indicator', 'a', 1), ('shares', 'u', 4), ('stock', 'a', 8),
              ('price', 'p4', 4), ('attribution', 'a', 4)],
    'E': H + [('order_reference_number', 'u', 8), ('executed_shares', 'u', 4), ('match_number', 'u', 8)],
    'C': H + [('order_reference_number', 'u', 8), ('executed_shares', 'u', 4), ('match_number', 'u', 8),
              ('printable', 'a', 1), ('execution_price', 'p4', 4)],
    'X': H + [('order_reference_number', 'u', 8), ('canceled_shares', 'u', 4)],
    'D': H + [('order_reference_number', 'u', 8)],
    'U': H + [('original_order_reference_number', 'u', 8), ('new_order_reference_number', 'u', 8), ('shares', 'u', 4),
              ('price', 'p4', 4)],
    'P': H + [('order_reference_number', 'u', 8), ('buy_sell_indicator', 'a', 1), ('shares', 'u', 4), ('stock', 'a', 8),
              ('price', 'p4', 4), ('match_number', 'u', 8)],
    'Q': H + [('cross_shares', 'u', 8), ('stock', 'a', 8), ('cross_price', 'p4', 4), ('match_number', 'u', 8),
              ('cross_type', 'a', 1)],
    'B': H + [('match_number', 'u', 8)],
    'I': H + [('paired_shares', 'u', 8), ('imbalance_shares', 'u', 8), ('imbalance_direction', 'a', 1), ('stock', 'a', 8),
              ('far_price', 'p4', 4), ('near_price', 'p4', 4), ('current_reference_price', 'p4', 4), ('cross_type', 'a', 1),
              ('price_variation_indicator', 'a', 1)],
    'N': H + [('stock', 'a', 8), ('interest_flag', 'a', 1)],
    'O': H + [('stock', 'a', 8), ('open_eligibility_status', 'a', 1), ('minimum_allowable_price', 'p4', 4),
              ('maximum_allowable_price', 'p4', 4), ('near_execution_price', 'p4', 4), ('near_execution_time', 'u', 8),
              ('lower_price_range_collar', 'p4', 4), ('upper_price_range_collar', 'p4', 4)],
}


def dec(v, scale):
    s = str(v).rjust(scale + 1, '0')
    return s[:-scale] + '.' + s[-scale:]


def esc(s):
    # non-printable characters as \xNN, so the file stays text (sanitized sessions are 10 NULs)
    return ''.join(c if 0x20 <= ord(c) < 0x7f else '\\x%02x' % ord(c) for c in s)


def frames(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:4]
    endian = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    pos, n = 24, 0
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + 'IIII', data[pos:pos + 16])
        n += 1
        yield n, data[pos + 16:pos + 16 + incl]
        pos += 16 + incl


def udp_payload(fr):
    off = 12
    et = struct.unpack('>H', fr[off:off + 2])[0]
    off += 2
    while et in (0x8100, 0x88a8):
        et = struct.unpack('>H', fr[off + 2:off + 4])[0]
        off += 4
    assert et == 0x0800
    ihl = (fr[off] & 0x0f) * 4
    total = struct.unpack('>H', fr[off + 2:off + 4])[0]
    udp = off + ihl
    ulen = struct.unpack('>H', fr[udp + 4:udp + 6])[0]
    assert udp + ulen <= off + total
    return udp + 8, fr[udp + 8:udp + ulen]


def main(root):
    for sub in ('sanitized', 'unaltered'):
        for name in sorted(os.listdir(os.path.join(root, sub))):
            rel = sub + '/' + name
            for n, fr in frames(os.path.join(root, sub, name)):
                base, p = udp_payload(fr)
                session = esc(p[:10].decode('latin-1').rstrip(' '))
                seq, count = struct.unpack('>QH', p[10:20])
                print(f'{rel}|{n}|-1|moldudp64.session|{session}')
                print(f'{rel}|{n}|-1|moldudp64.sequence|{seq}')
                print(f'{rel}|{n}|-1|moldudp64.count|{count}')
                pos, i = 20, 0
                while pos < len(p):
                    ln = struct.unpack('>H', p[pos:pos + 2])[0]
                    msg = p[pos + 2:pos + 2 + ln]
                    print(f'{rel}|{n}|{i}|moldudp64.msglen|{ln}')
                    print(f'{rel}|{n}|{i}|moldudp64.msgseq|{seq + i}')
                    print(f'{rel}|{n}|{i}|offset|{base + pos + 2}')
                    mo = 0
                    fields = SPEC[chr(msg[0])]
                    assert sum(w for _, _, w in fields) == ln, (rel, n, i, chr(msg[0]), ln)
                    for fname, t, w in fields:
                        raw = msg[mo:mo + w]
                        if t == 'a':
                            v = raw.decode('ascii').rstrip(' ')
                        else:
                            iv = int.from_bytes(raw, 'big')
                            v = dec(iv, 4) if t == 'p4' else dec(iv, 8) if t == 'p8' else str(iv)
                        print(f'{rel}|{n}|{i}|itch50.{fname}|{v}')
                        mo += w
                    pos += 2 + ln
                    i += 1
                assert pos == len(p) and i == count, (rel, n)


if __name__ == '__main__':
    main(sys.argv[1])
