package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Wireshark's manuf/wka line format, read from lines written here; expected names worked out by hand. */
class OuiNamesTest {

	static final String TABLE = """
			# comment line
			00:1B:21	IntelCor	Intel Corporate
			00:1B:C5:00:00:00/36	Convergi	Converging Systems Inc.
			01-00-5E/25		IPv4mcast
			FF-FF-FF-FF-FF-FF	Broadcast
			00:00:18	WebsterC	Webster Computer Corporation	# Appletalk/Ethernet Gateway
			not an address line
			""";

	@Test
	void resolvesAsWiresharkDoes() {
		OuiNames n = OuiNames.of(TABLE);
		assertEquals(5, n.size());
		// a 24-bit OUI: the vendor, then the three bytes after it
		assertEquals("IntelCor_3a:0a:10 (00:1b:21:3a:0a:10)", n.label(0x001b213a0a10L));
		// the longer block wins over nothing, and shows the bytes after its last whole byte (36 bits: 4 bytes)
		assertEquals("Convergi_00:05 (00:1b:c5:00:00:05)", n.label(0x001bc5000005L));
		// 25 bits: 01:00:5e with the top bit of the fourth byte clear; 01:00:5e:80:... is outside it
		assertEquals("IPv4mcast_36:0c:6f (01:00:5e:36:0c:6f)", n.label(0x01005e360c6fL));
		assertNull(n.resolve(0x01005e800001L));
		// a whole address is its name alone
		assertEquals("Broadcast (ff:ff:ff:ff:ff:ff)", n.label(0xffffffffffffL));
		// a trailing comment does not become part of the name
		assertEquals("WebsterC_00:00:01", n.resolve(0x000018000001L));
		// nothing known: the bare address
		assertEquals("02:00:00:00:00:01", n.label(0x020000000001L));
	}
}
