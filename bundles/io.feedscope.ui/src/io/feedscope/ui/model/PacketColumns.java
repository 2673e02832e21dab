package io.feedscope.ui.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.model.PacketRowModel.FeedColumns;
import io.feedscope.ui.model.PacketRowModel.FeedFacts;

/**
 * The packet table's feed columns as protocols declare them ({@code io.feedscope.dissect.columns}, data only): which
 * header field of a framing protocol fills Session, Sequence or Count for its packets, with a width and an alignment.
 * Read from the extension registry, checked against the compiled protocols, and turned into the {@link FeedColumns}
 * of each framing that declares some ({@link PacketRowModel#contribute}); every declaration that cannot be used is
 * reported (the workbench's Error Log), never skipped silently.
 */
public final class PacketColumns {

	/** The extension point the columns are declared at. */
	public static final String EXTENSION_POINT = "io.feedscope.dissect.columns";

	/** How a column's texts sit in their cells; {@link #TABLE} when the declaration says nothing: as the table's others. */
	public enum Align {
		TABLE, LEFT, RIGHT, CENTER
	}

	/**
	 * One declared column.
	 *
	 * @param title       the table column it fills (one of {@link #TITLES})
	 * @param field       the field's full name ({@code moldudp64.sequence})
	 * @param width       least width in pixels, 0 when not declared
	 * @param align       alignment
	 * @param contributor the plug-in that declared it
	 */
	public record Column(String title, String field, int width, Align align, String contributor) {

		/** @return the protocol the field belongs to, the part of its name before the dot */
		public String protocol() {
			return field.substring(0, field.indexOf('.'));
		}

		/** @return the table column's index in {@link PacketRowModel#COLUMNS} */
		public int index() {
			return titleIndex(title);
		}
	}

	/** The feed columns a protocol can fill, by title. */
	public static final List<String> TITLES = List.of(PacketRowModel.COLUMNS[PacketRowModel.COL_SESSION],
			PacketRowModel.COLUMNS[PacketRowModel.COL_SEQ], PacketRowModel.COLUMNS[PacketRowModel.COL_COUNT]);

	private final List<Column> fColumns;
	private final List<String> fProblems;

	private PacketColumns(List<Column> columns, List<String> problems) {
		fColumns = List.copyOf(columns);
		fProblems = List.copyOf(problems);
	}

	private static int titleIndex(String title) {
		for (int i = 0; i < PacketRowModel.COLUMNS.length; i++) {
			if (PacketRowModel.COLUMNS[i].equals(title)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * @param columns declarations made in code (a test's)
	 * @return them, as if read from plugin.xml
	 */
	public static PacketColumns of(List<Column> columns) {
		return new PacketColumns(columns, List.of());
	}

	/** @return the columns declared in the running platform's extension registry (none outside OSGi) */
	public static PacketColumns installed() {
		var registry = Platform.getExtensionRegistry();
		return read(registry == null ? new IConfigurationElement[0] : registry.getConfigurationElementsFor(EXTENSION_POINT));
	}

	/**
	 * Reads declarations, checking what can be checked without the protocols: title, field name, width, alignment.
	 *
	 * @param elements the {@code column} elements
	 * @return the usable columns and the problems of the others
	 */
	public static PacketColumns read(IConfigurationElement[] elements) {
		List<Column> out = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (IConfigurationElement e : elements) {
			String who = e.getContributor().getName();
			String title = strip(e.getAttribute("title"));
			String field = strip(e.getAttribute("field"));
			String what = "Packet table column '" + title + "' of plug-in " + who;
			if (!"column".equals(e.getName())) {
				problems.add("Packet table columns of plug-in " + who + ": unknown element <" + e.getName() + "> (only <column>)");
				continue;
			}
			if (title.isEmpty()) {
				problems.add("A packet table column of plug-in " + who + " has no title (one of " + String.join(", ", TITLES) + ")");
				continue;
			}
			if (!TITLES.contains(title)) {
				problems.add(what + ": the packet table has no feed column '" + title + "' (its feed columns: "
						+ String.join(", ", TITLES) + ")");
				continue;
			}
			int dot = field.indexOf('.');
			if (dot <= 0 || dot == field.length() - 1) {
				problems.add(what + ": field '" + field + "' is not a full field name such as moldudp64.sequence");
				continue;
			}
			int width = 0;
			String w = strip(e.getAttribute("width"));
			if (!w.isEmpty()) {
				try {
					width = Integer.parseInt(w);
				} catch (NumberFormatException x) {
					width = -1;
				}
				if (width < 1 || width > 2000) {
					problems.add(what + ": width '" + w + "' is not a number of pixels (1..2000)");
					continue;
				}
			}
			String a = strip(e.getAttribute("align"));
			Align align;
			try {
				align = a.isEmpty() ? Align.TABLE : Align.valueOf(a.toUpperCase(java.util.Locale.ROOT));
				if (!a.isEmpty() && align == Align.TABLE) {
					throw new IllegalArgumentException(a); // not a word of plugin.xml: say nothing instead
				}
			} catch (IllegalArgumentException x) {
				problems.add(what + ": align '" + a + "' is not left, right or center");
				continue;
			}
			Column c = new Column(title, field, width, align, who);
			if (out.stream().anyMatch(o -> o.protocol().equals(c.protocol()) && o.title().equals(title))) {
				problems.add(what + ": " + c.protocol() + " already has a '" + title + "' column; this one is not used");
				continue;
			}
			out.add(c);
		}
		return new PacketColumns(out, problems);
	}

	private static String strip(@Nullable String s) {
		return s == null ? "" : s.strip();
	}

	/** @return the usable declarations, in registry order */
	public List<Column> columns() {
		return fColumns;
	}

	/** @return why declarations were not used, one line each naming the plug-in */
	public List<String> problems() {
		return fProblems;
	}

	/**
	 * Checks the fields against compiled protocols: each must be a header field of a framing protocol of the set.
	 *
	 * @param protocols the compiled protocols
	 * @param problems  gets one line per column whose field is not there
	 * @return the columns that can be shown, grouped by framing protocol
	 */
	public Map<String, List<Column>> usable(ProtocolSet protocols, List<String> problems) {
		Map<String, List<Column>> out = new LinkedHashMap<>();
		for (Column c : fColumns) {
			Protocol p = protocols.protocol(c.protocol());
			String what = "Packet table column '" + c.title() + "' of plug-in " + c.contributor() + ": field '" + c.field() + "'";
			if (p == null) {
				problems.add(what + ": no protocol '" + c.protocol() + "' is installed");
			} else if (!p.isFraming()) {
				problems.add(what + ": " + c.protocol() + " is a messages protocol; the feed columns show a framing's header");
			} else if (protocols.fieldId(c.field()) < 0) {
				problems.add(what + ": " + c.protocol() + " has no such field");
			} else {
				out.computeIfAbsent(c.protocol(), k -> new ArrayList<>()).add(c);
			}
		}
		return out;
	}

	/**
	 * Makes the declared columns the row model's for the framings that declare some, and reports what cannot be
	 * used in the Error Log. Called whenever the protocols are compiled (a reload may add or drop a field).
	 *
	 * @param protocols the compiled protocols
	 * @return the problems reported
	 */
	public static List<String> install(ProtocolSet protocols) {
		return install(protocols, installed());
	}

	/**
	 * @param protocols the compiled protocols
	 * @param declared  the declarations (the registry's: {@link #installed()})
	 * @return the problems reported
	 * @see #install(ProtocolSet)
	 */
	public static List<String> install(ProtocolSet protocols, PacketColumns declared) {
		List<String> problems = new ArrayList<>(declared.problems());
		Map<String, List<Column>> usable = declared.usable(protocols, problems);
		for (String framing : INSTALLED) {
			if (!usable.containsKey(framing)) {
				PacketRowModel.contribute(framing, null);
			}
		}
		INSTALLED.clear();
		int[] least = new int[PacketRowModel.COLUMNS.length];
		Align[] align = tableAligned();
		usable.forEach((framing, columns) -> {
			PacketRowModel.contribute(framing, new Declared(protocols, columns));
			INSTALLED.add(framing);
			for (Column c : columns) {
				least[c.index()] = Math.max(least[c.index()], c.width());
				if (align[c.index()] == Align.TABLE) { // one alignment per table column: the first one declared
					align[c.index()] = c.align();
				}
			}
		});
		sLeastWidths = least;
		sAligns = align;
		for (String p : problems) {
			Platform.getLog(PacketColumns.class).log(new Status(IStatus.ERROR, "io.feedscope.ui", p));
		}
		return problems;
	}

	private static volatile int[] sLeastWidths = new int[PacketRowModel.COLUMNS.length];
	private static volatile Align[] sAligns = tableAligned();

	private static Align[] tableAligned() {
		Align[] a = new Align[PacketRowModel.COLUMNS.length];
		java.util.Arrays.fill(a, Align.TABLE);
		return a;
	}

	/**
	 * @param column a column of {@link PacketRowModel#COLUMNS}
	 * @return the least width the installed declarations ask for it, 0 if none
	 */
	public static int leastWidth(int column) {
		return sLeastWidths[column];
	}

	/**
	 * @param column a column of {@link PacketRowModel#COLUMNS}
	 * @return its alignment as the installed declarations say it (the first one stated), {@link Align#TABLE} if none does
	 */
	public static Align align(int column) {
		return sAligns[column];
	}

	/** the framings {@link #install} contributed columns for, so a later install can take them back */
	private static final java.util.Set<String> INSTALLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** A framing's declared feed columns: the house columns from its roles, its declared fields over them. */
	static final class Declared implements FeedColumns {
		private final int[] fIndex;
		private final int[] fField;
		private final FieldInfo[] fInfo;

		Declared(ProtocolSet protocols, List<Column> columns) {
			fIndex = new int[columns.size()];
			fField = new int[columns.size()];
			fInfo = new FieldInfo[columns.size()];
			for (int i = 0; i < columns.size(); i++) {
				fIndex[i] = columns.get(i).index();
				fField[i] = protocols.fieldId(columns.get(i).field());
				FieldInfo info = protocols.field(fField[i]);
				if (info == null) {
					throw new IllegalArgumentException(columns.get(i).field()); // usable() checked it
				}
				fInfo[i] = info;
			}
		}

		@Override
		public void fill(String[] cells, FeedFacts feed, @Nullable FeedPacket packet) {
			FeedColumns.STANDARD.fill(cells, feed, packet);
			// a malformed packet's header may be cut or wrong: the analysis's word (as the standard columns say it)
			if (packet == null || feed.kind() == PacketKind.MALFORMED) {
				return;
			}
			for (int i = 0; i < fIndex.length; i++) {
				if (packet.has(fField[i])) {
					cells[fIndex[i]] = text(packet, fField[i], fInfo[i]);
				}
			}
		}

		@Override
		public String info(FeedFacts feed, @Nullable FeedPacket packet) {
			return FeedColumns.STANDARD.info(feed, packet);
		}

		private static String text(FeedPacket p, int field, FieldInfo info) {
			return switch (info.kind()) {
			case ASCII -> p.getString(field);
			case UNSIGNED -> Long.toUnsignedString(p.getLong(field));
			default -> info.format(p.getLong(field));
			};
		}
	}
}
