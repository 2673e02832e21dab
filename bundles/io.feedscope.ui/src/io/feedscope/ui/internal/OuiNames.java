package io.feedscope.ui.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Vendor names of Ethernet addresses, as Wireshark shows them ("IntelCor_3a:0a:10"), from Wireshark's own
 * tables when they are installed: {@code manuf} (OUIs and longer IEEE blocks) and {@code wka} (well-known
 * addresses such as {@code IPv4mcast}). They are read at run time, never shipped with FeedScope (the file is
 * GPL and large); without them addresses are shown bare. Lines are {@code PREFIX[/BITS] SHORT [LONG] [# ...]},
 * tab-separated; a prefix of 3 bytes is a 24-bit OUI, of 6 bytes without /BITS a whole address.
 * <p>
 * Immutable once read; lookups are thread-safe.
 */
final class OuiNames {

	/** Where Wireshark installs its tables (Debian's package, then a local build). */
	static final Path[] DIRECTORIES = { Path.of("/usr/share/wireshark"), Path.of("/usr/local/share/wireshark") };

	/** prefix length in bits (longest first) -> prefix value (the address's top bits) -> short name */
	private final TreeMap<Integer, Map<Long, String>> fByBits = new TreeMap<>(java.util.Comparator.reverseOrder());

	private static volatile @Nullable OuiNames sInstalled;
	private static final OuiNames NONE = new OuiNames();

	/**
	 * @return the names from the installed Wireshark tables (read once, on the first call: ~50,000 lines, so
	 *         call it off the UI thread the first time), or an empty table when none is installed. The system
	 *         property {@code feedscope.manuf} names another directory to read them from.
	 */
	static OuiNames installed() {
		OuiNames n = sInstalled;
		if (n == null) {
			synchronized (OuiNames.class) {
				n = sInstalled;
				if (n == null) {
					n = readInstalled();
					sInstalled = n;
				}
			}
		}
		return n;
	}

	/** @return the installed table if it was read already, else null (nothing is read) */
	static @Nullable OuiNames ifRead() {
		return sInstalled;
	}

	private static OuiNames readInstalled() {
		String dir = System.getProperty("feedscope.manuf");
		Path[] dirs = dir != null ? new Path[] { Path.of(dir) } : DIRECTORIES;
		for (Path d : dirs) {
			Path manuf = d.resolve("manuf");
			if (Files.isReadable(manuf)) {
				OuiNames names = new OuiNames();
				try {
					names.read(Files.readString(manuf, StandardCharsets.UTF_8));
					Path wka = d.resolve("wka");
					if (Files.isReadable(wka)) {
						names.read(Files.readString(wka, StandardCharsets.UTF_8));
					}
				} catch (IOException e) {
					return NONE; // a convenience: bare addresses rather than an error
				}
				return names;
			}
		}
		return NONE;
	}

	/** @return a table of the lines given, in {@code manuf} format (for tests and other sources) */
	static OuiNames of(String text) {
		OuiNames n = new OuiNames();
		n.read(text);
		return n;
	}

	private void read(String text) {
		try (BufferedReader r = new BufferedReader(new StringReader(text))) {
			for (String line = r.readLine(); line != null; line = r.readLine()) {
				int hash = line.indexOf('#');
				String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
				if (l.isEmpty()) {
					continue;
				}
				String[] f = l.split("\\s+");
				if (f.length < 2) {
					continue;
				}
				add(f[0], f[1]);
			}
		} catch (IOException e) {
			throw new IllegalStateException(e); // a StringReader does not fail
		}
	}

	private void add(String prefix, String name) {
		int slash = prefix.indexOf('/');
		String hex = (slash >= 0 ? prefix.substring(0, slash) : prefix).replace('-', ':').replace('.', ':');
		String[] bytes = hex.split(":");
		if (bytes.length < 1 || bytes.length > 6) {
			return;
		}
		long v = 0;
		try {
			for (String b : bytes) {
				int x = Integer.parseInt(b, 16);
				if (x < 0 || x > 255) {
					return;
				}
				v = v << 8 | x;
			}
			int bits = slash >= 0 ? Integer.parseInt(prefix.substring(slash + 1)) : bytes.length * 8;
			if (bits < 8 || bits > 48) {
				return;
			}
			v <<= 8 * (6 - bytes.length); // as a 48-bit address
			long key = v >>> (48 - bits);
			fByBits.computeIfAbsent(bits, k -> new HashMap<>()).putIfAbsent(key, name);
		} catch (NumberFormatException e) {
			// not an address line: skipped, as Wireshark skips it
		}
	}

	/** @return the number of prefixes known */
	int size() {
		int n = 0;
		for (Map<Long, String> m : fByBits.values()) {
			n += m.size();
		}
		return n;
	}

	/**
	 * @param mac a 48-bit address, first byte highest
	 * @return Wireshark's resolved form: the vendor's short name and the bytes after its prefix
	 *         ("IntelCor_3a:0a:10", "IPv4mcast_36:0c:6f", "Broadcast" for a whole address), or null when no
	 *         prefix matches
	 */
	@Nullable
	String resolve(long mac) {
		for (Map.Entry<Integer, Map<Long, String>> e : fByBits.entrySet()) {
			int bits = e.getKey();
			String name = e.getValue().get(mac >>> (48 - bits));
			if (name != null) {
				int wholeBytes = bits / 8; // the bytes after the prefix's last whole byte are shown
				if (wholeBytes >= 6) {
					return name;
				}
				StringBuilder b = new StringBuilder(name).append('_');
				for (int i = wholeBytes; i < 6; i++) {
					b.append(i == wholeBytes ? "" : ":")
							.append(String.format(Locale.ROOT, "%02x", (mac >>> (8 * (5 - i))) & 0xff));
				}
				return b.toString();
			}
		}
		return null;
	}

	/** @return "00:1b:21:3a:0a:10" */
	static String format(long mac) {
		StringBuilder b = new StringBuilder(17);
		for (int i = 0; i < 6; i++) {
			b.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02x", (mac >>> (8 * (5 - i))) & 0xff));
		}
		return b.toString();
	}

	/** @return "IntelCor_3a:0a:10 (00:1b:21:3a:0a:10)" as Wireshark writes it, or the bare address */
	String label(long mac) {
		String name = resolve(mac);
		return name == null ? format(mac) : name + " (" + format(mac) + ")";
	}
}
