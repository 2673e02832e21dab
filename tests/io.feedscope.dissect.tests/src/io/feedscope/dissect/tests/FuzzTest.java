package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldValue;
import io.feedscope.dissect.FieldVisitor;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;

/**
 * Malformed input never throws and never hangs: random bytes, random cuts and bit flips of real and
 * built packets, through every accessor. Seeded (reproducible) and bounded (iterations + timeout).
 */
public class FuzzTest {

	private static final int ROUNDS = 20_000;
	private static final ProtocolSet BOUND = TestProtocols.boundTo(26477);
	private static final ProtocolSet HEURISTIC = TestProtocols.standard();

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	public void randomBytesNeverThrow() {
		Random r = new Random(0xFEED);
		FeedDissector bound = new FeedDissector(BOUND);
		FeedDissector heur = new FeedDissector(HEURISTIC);
		for (int i = 0; i < ROUNDS; i++) {
			byte[] b = new byte[r.nextInt(200)];
			r.nextBytes(b);
			exercise(bound.dissectPayload(ByteBuffer.wrap(b), 0, b.length, 1, 26477, 0, i), b.length);
			exercise(heur.dissectPayload(ByteBuffer.wrap(b), 0, b.length, 1, 2, 0, i), b.length);
			exercise(bound.dissect(ByteBuffer.wrap(b), LinkType.ETHERNET, i), b.length);
		}
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	public void cutsAndBitFlipsOfRealPacketsNeverThrow() throws IOException {
		Random r = new Random(42);
		List<byte[]> seeds = TestFrames.seeds();
		FeedDissector bound = new FeedDissector(BOUND);
		FeedDissector heur = new FeedDissector(HEURISTIC);
		int withExperts = 0;
		for (int i = 0; i < ROUNDS; i++) {
			byte[] s = seeds.get(r.nextInt(seeds.size()));
			byte[] b = s.clone();
			int flips = r.nextInt(4);
			for (int k = 0; k < flips; k++) {
				int at = 42 + r.nextInt(Math.max(1, b.length - 42)); // mostly in the UDP payload
				if (at < b.length) {
					b[at] ^= (byte) (1 << r.nextInt(8));
				}
			}
			int len = r.nextBoolean() ? b.length : r.nextInt(b.length + 1);
			ByteBuffer buf = ByteBuffer.wrap(b, 0, len).slice();
			FeedPacket p = bound.dissect(buf, LinkType.ETHERNET, i);
			exercise(p, len);
			withExperts += p.expertItems().isEmpty() ? 0 : 1;
			exercise(heur.dissect(buf, LinkType.ETHERNET, i), len);
		}
		assertTrue(withExperts > ROUNDS / 10, "the fuzzer does reach the error paths: " + withExperts);
	}

	/** Calls every accessor; checks that nothing points outside the frame. */
	private static void exercise(FeedPacket p, int frameLength) {
		p.kind();
		p.session();
		p.sequence();
		p.count();
		for (ExpertItem e : p.expertItems()) {
			assertTrue(e.offset() >= 0 && e.offset() + e.length() <= frameLength, e::toString);
		}
		Protocol feed = p.feedProtocol();
		FeedMessage m = p.messages();
		while (m.next()) {
			assertTrue(m.offset() >= 0 && m.offset() + m.length() <= frameLength, m::toString);
			m.typeName();
			m.typeCode();
			m.msgseq();
			if (feed != null) {
				long[] all = new long[32];
				int n = m.readFields(all);
				List<FieldInfo> tf = feed.messageTypeFields(m.type());
				assertTrue(n == tf.size());
				for (int k = 0; k < n; k++) {
					assertTrue(all[k] == m.getLong(tf.get(k).id()), tf.get(k)::name);
				}
				for (FieldInfo f : feed.fields()) {
					m.getLong(f.id());
					m.has(f.id());
					m.display(f.id());
					m.getString(f.id());
				}
			}
		}
		p.accept(new FieldVisitor() {
			@Override
			public void beginGroup(FieldValue g) {
				g.display();
			}

			@Override
			public void field(FieldValue f) {
				assertTrue(f.offset() >= 0 && f.offset() + f.length() <= frameLength, f::toString);
				f.display();
				if (!f.isGroup() && f.info().kind() != io.feedscope.dissect.FieldKind.BYTES) {
					f.rawText();
				}
			}
		});
	}
}
