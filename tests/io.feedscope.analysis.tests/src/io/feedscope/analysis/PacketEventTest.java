package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The event's storage of message types and fields starts small (a chunk's events are what moves between the
 * dissecting core and the checks'): a reused event grows for a packet of many messages and keeps every type,
 * copies carry them whatever room either event had, and events that read no fields share no storage for them.
 */
class PacketEventTest {

	private static int type(int packet, int i) {
		return 'A' + (packet * 7 + i) % 26;
	}

	private static void fill(PacketEvent e, int packet, int count) {
		e.setMessageCount(count);
		for (int i = 0; i < count; i++) {
			e.setMessageType(i, type(packet, i));
		}
	}

	private static void assertTypes(PacketView e, int packet, int count) {
		assertEquals(count, e.messageCount());
		for (int i = 0; i < count; i++) {
			assertEquals(type(packet, i), e.messageType(i), "message " + i + " of packet " + packet);
		}
	}

	@Test
	void aReusedEventGrowsForManyMessagesAndCopiesCarryEveryType() {
		// a catch-up burst's 70 messages, and more, between the usual one or two
		int[] counts = { 1, 2, 70, 3, 1, 300, 5, PacketEvent.TYPES, PacketEvent.TYPES + 1, 0, 2 };
		PacketEvent reused = new PacketEvent();
		PacketEvent copy = new PacketEvent();
		for (int p = 0; p < counts.length; p++) {
			fill(reused, p, counts[p]);
			assertTypes(reused, p, counts[p]);
			copy.copyFrom(reused);
			assertTypes(copy, p, counts[p]);
			// a fresh event, at its first room, takes a copy of any size
			assertTypes(new PacketEvent().copyFrom(reused), p, counts[p]);
			// and a large event's copy into a small one back
			assertTypes(reused.copyFrom(new PacketEvent().copyFrom(copy)), p, counts[p]);
		}
	}

	@Test
	void eventsShareNoStorageForFields() {
		PacketEvent a = new PacketEvent();
		PacketEvent b = new PacketEvent();
		PacketEvent none = new PacketEvent();
		a.setMessageCount(3).setFieldCount(2);
		b.setMessageCount(3).setFieldCount(2);
		a.setField(2, 1, true, 42).setField(0, 0, true, 7);
		b.setField(1, 1, true, 9);
		assertEquals(42, a.value(2, 1));
		assertEquals(7, a.value(0, 0));
		assertFalse(a.has(1, 1));
		assertEquals(9, b.value(1, 1));
		assertFalse(b.has(2, 1));
		assertFalse(b.has(0, 0));
		assertEquals(0, b.value(2, 1));
		PacketEvent c = new PacketEvent().copyFrom(a);
		assertTrue(c.has(2, 1));
		assertEquals(42, c.value(2, 1));
		// an event of a run that reads no fields has none, whatever others hold
		none.setMessageCount(3);
		assertFalse(none.has(2, 1));
		assertEquals(0, none.value(2, 1));
		// and a copy of it into an event that had fields has none either
		c.copyFrom(none);
		assertFalse(c.has(2, 1));
		assertEquals(0, c.value(0, 0));
	}
}
