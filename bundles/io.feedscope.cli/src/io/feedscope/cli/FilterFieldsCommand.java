package io.feedscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.FilterField;
import io.feedscope.filter.FieldType;
import io.feedscope.filter.packet.PacketFields;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code feedscope filter-fields}: every name a display filter may use, with its type, as
 * {@code tshark -G fields} lists Wireshark's. The list is {@link PacketFields#vocabulary}, the one that
 * {@code decode --filter}, {@code analyze --filter} and the workbench compile against, so the protocol
 * fields come from the installed descriptions.
 */
@Command(name = "filter-fields", description = { "List every display-filter field with its type, as tshark -G fields.", "",
		"Lists the fields of display filters (decode --filter, analyze --filter, the workbench's filter bar), "
				+ "tab-separated as tshark -G fields prints them: a protocol as",
		"  P  name for people  filter name", "and each field as",
		"  F  label  filter name  type (FT_*)  protocol  type in words  description",
		"Protocols and fields of the installed descriptions (moldudp64, itch50, ...) come from the descriptions "
				+ "themselves." })
final class FilterFieldsCommand extends CliCommand {

	@Parameters(paramLabel = "PROTOCOL", arity = "0..*", description = "list only these protocols (e.g. ip itch50)")
	List<String> fOnly = new ArrayList<>();

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		List<String> only = fOnly;
		ProtocolSet set = io.feedscope.dissect.ProtocolRegistry.getDefault().compile();
		List<FilterField> fields = PacketFields.vocabulary(set).fields();
		for (String p : only) {
			if (fields.stream().noneMatch(f -> f.protocol().equals(p))) {
				throw new UsageException("no protocol '" + p + "' (feedscope filter-fields lists them all)");
			}
		}
		StringBuilder b = new StringBuilder(1 << 14);
		for (FilterField f : fields) {
			if (!only.isEmpty() && !only.contains(f.protocol())) {
				continue;
			}
			if (f.type() == FieldType.PROTOCOL && f.name().indexOf('.') < 0) {
				b.append("P\t").append(f.label()).append('\t').append(f.name()).append('\n');
			} else {
				b.append("F\t").append(f.label()).append('\t').append(f.name()).append('\t').append(f.type().wiresharkName())
						.append('\t').append(f.protocol()).append('\t').append(f.type().description()).append('\t')
						.append(f.description()).append('\n');
			}
		}
		out.print(b);
		return 0;
	}
}
