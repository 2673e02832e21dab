import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The floor of any JVM `analyze`: a process that does nothing but read a pcap of Ethernet/IPv4/UDP
 * MoldUDP64 frames and walk it (record headers, sequence, count, message lengths), with no dissection,
 * no checks, no report. releng/bench-analyze times it beside tshark and FeedScope, so that the speed
 * target can be judged against what a JVM process costs on the machine at all. Not part of the product.
 */
public final class FrameWalkFloor {
	public static void main(String[] args) throws IOException {
		long frames = 0, messages = 0, sequences = 0;
		try (FileChannel ch = FileChannel.open(Path.of(args[0]))) {
			byte[] all = new byte[(int) ch.size()];
			ByteBuffer w = ByteBuffer.wrap(all);
			while (w.hasRemaining() && ch.read(w) > 0) {
				// read the whole file
			}
			int p = 24; // pcap file header, little-endian records assumed (the generator's)
			while (p + 16 <= all.length) {
				int cap = (all[p + 8] & 0xff) | (all[p + 9] & 0xff) << 8 | (all[p + 10] & 0xff) << 16 | (all[p + 11] & 0xff) << 24;
				int frame = p + 16;
				p = frame + cap;
				frames++;
				int payload = frame + 14 + 20 + 8; // Ethernet, IPv4 without options, UDP
				if (payload + 20 > p) {
					continue;
				}
				long seq = 0;
				for (int k = 0; k < 8; k++) {
					seq = seq << 8 | (all[payload + 10 + k] & 0xff);
				}
				sequences += seq;
				int count = (all[payload + 18] & 0xff) << 8 | all[payload + 19] & 0xff;
				int q = payload + 20;
				for (int m = 0; m < count && m < 0xffff && q + 2 <= p; m++) {
					q += 2 + ((all[q] & 0xff) << 8 | all[q + 1] & 0xff);
					messages++;
				}
			}
		}
		System.out.println(frames + " frames, " + messages + " messages, sequence sum " + sequences);
	}
}
