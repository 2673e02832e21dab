package io.feedscope.capture.live.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;

/**
 * Plays a generated feed onto the loopback interface: every UDP datagram of the generator's capture is sent
 * to its multicast group and port out of {@code lo} (IP_MULTICAST_IF), at the capture's own pace, so that a
 * capture on {@code lo} sees the same MoldUDP64/ITCH packets, in the same order, with the gaps and the
 * freeze the scenario planned.
 */
final class FeedSender {
	/** Ethernet II + IPv4 without options + UDP: the generator writes no VLAN tags unless asked */
	private static final int ETH = 14;

	/** A datagram: destination and payload. */
	record Datagram(long timeNanos, String group, int port, byte[] payload) {
	}

	final Scenario fScenario;
	final Path fFile;
	final Truth fTruth;
	final List<Datagram> fDatagrams = new ArrayList<>();

	/**
	 * A short feed: line A loses 3 packets at 25% (B has them: a gap on A, no true loss) and freezes for
	 * 250 ms at 55%; no retransmission traffic (it would go to a unicast server).
	 */
	static FeedSender gapAndFreeze(Path dir) throws IOException {
		Scenario s = Scenario.builder().seed(12).duration(1_500_000_000L).rate(3_000).retransmissions(false)
				.loss(Scenario.Line.A, 0.25, 3).freeze(Scenario.Line.A, 0.55, 250_000_000L).build();
		return new FeedSender(s, dir.resolve("planned.pcap"));
	}

	FeedSender(Scenario scenario, Path file) throws IOException {
		fScenario = scenario;
		fFile = file;
		new Generator(scenario).write(file);
		fTruth = Truth.read(file);
		try (CaptureFile c = Captures.open(file)) {
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer b = c.frameData(f);
				if (b.getShort(12) != 0x0800) {
					throw new IllegalStateException("frame " + f + " of " + file + " is not Ethernet/IPv4");
				}
				int ihl = (b.get(ETH) & 0x0f) * 4;
				int dst = b.getInt(ETH + 16);
				int udp = ETH + ihl;
				int port = b.getShort(udp + 2) & 0xffff;
				int len = (b.getShort(udp + 4) & 0xffff) - 8;
				byte[] payload = new byte[len];
				b.get(udp + 8, payload);
				String group = (dst >>> 24) + "." + (dst >>> 16 & 255) + "." + (dst >>> 8 & 255) + "." + (dst & 255);
				fDatagrams.add(new Datagram(c.timestampNanos(f), group, port, payload));
			}
		}
	}

	/** Sends every datagram at its time relative to the first; blocks until done. */
	void send() throws IOException {
		NetworkInterface lo = NetworkInterface.getByName("lo");
		try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
			ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
			ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
			long t0 = System.nanoTime();
			long first = fDatagrams.get(0).timeNanos();
			for (Datagram d : fDatagrams) {
				long due = t0 + (d.timeNanos() - first);
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				ch.send(ByteBuffer.wrap(d.payload()), new InetSocketAddress(InetAddress.getByName(d.group()), d.port()));
			}
		}
	}

	/** @return the group:port of a line, from the truth */
	String destination(String line) {
		for (Object o : (List<?>) fTruth.json().get("lines")) {
			java.util.Map<?, ?> m = (java.util.Map<?, ?>) o;
			if (line.equals(m.get("line"))) {
				return m.get("group") + ":" + m.get("port");
			}
		}
		throw new AssertionError("no line " + line + " in the truth");
	}
}
