package io.feedscope.cli;

import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;

/**
 * The user's {@code --bind} options, Wireshark "Decode As" style, shared by the commands that dissect:
 * {@code udp.port==N[-M]} or {@code group==CIDR} force MoldUDP64 on that traffic, for feeds the strict
 * heuristic rightly refuses (zeroed sessions, malformed packets, requests to a re-request server).
 *
 * @param ports port ranges, each {lo, hi}
 * @param groups IPv4 groups or CIDR blocks
 */
record Bindings(List<int[]> ports, List<String> groups) {

	/** The framing protocol a binding forces. */
	static final String FRAMING = "moldudp64";

	/** Parses and checks the option values; a bad one is a usage error naming it. */
	static Bindings parse(List<String> specs) throws UsageException {
		List<int[]> ports = new ArrayList<>();
		List<String> groups = new ArrayList<>();
		for (String b : specs) {
			String s = b.replace(" ", "");
			if (s.startsWith("udp.port==")) {
				String[] lh = s.substring("udp.port==".length()).split("-", -1);
				try {
					int lo = Integer.parseInt(lh[0]);
					int hi = lh.length > 1 ? Integer.parseInt(lh[1]) : lo;
					if (lh.length > 2 || lo < 0 || hi > 65535 || lo > hi) {
						throw new NumberFormatException();
					}
					ports.add(new int[] { lo, hi });
				} catch (NumberFormatException e) {
					throw new UsageException("--bind " + b + ": a port or range N-M within 0..65535 expected");
				}
			} else if (s.startsWith("group==")) {
				String cidr = s.substring("group==".length());
				if (!cidr.matches("(\\d{1,3}\\.){3}\\d{1,3}(/\\d{1,2})?") || !validCidr(cidr)) {
					throw new UsageException("--bind " + b + ": an IPv4 group or CIDR expected, e.g. 233.54.12.0/24");
				}
				groups.add(cidr);
			} else {
				throw new UsageException("--bind " + b + ": expected udp.port==N[-M] or group==CIDR");
			}
		}
		return new Bindings(ports, groups);
	}

	/** @return the built-in protocols with these bindings added */
	ProtocolSet protocols() {
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		if (ports.isEmpty() && groups.isEmpty()) {
			return set;
		}
		ProtocolSet.Builder builder = set.toBuilder();
		for (int[] p : ports) {
			builder.bindPorts(FRAMING, p[0], p[1]);
		}
		for (String g : groups) {
			builder.bindGroup(FRAMING, g);
		}
		return builder.build();
	}

	private static boolean validCidr(String cidr) {
		String[] ap = cidr.split("/");
		for (String q : ap[0].split("\\.")) {
			if (Integer.parseInt(q) > 255) {
				return false;
			}
		}
		return ap.length == 1 || Integer.parseInt(ap[1]) <= 32;
	}
}
