package io.feedscope.cli;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli models written in code, and the layout every {@code feedscope} command shares.
 * <p>
 * Why in code: picocli reads a command's annotations through reflection, and the first reading of an annotation
 * makes the JDK generate a proxy class per annotation type at run time (no AOT cache or CDS archive keeps them):
 * about 60 ms of a run's start, then ~30 ms for the model built from what was read. The commands users run on
 * data ({@code analyze}, {@code decode}, {@code generate}, {@code capture}) and {@code feedscope} itself
 * therefore build their model here, with no annotation on them; help, the man pages and the completion script
 * are generated from this same model (one definition of each option). The small commands keep their annotations
 * (read only when they run, or for help and the build's documentation).
 * <p>
 * An option is bound to its command's field by a getter and a setter, as picocli binds an annotated field: the
 * field's value when the model is built is the option's initial value (picocli resets the field to it before
 * parsing; a list option starts a new list at its first occurrence), so a command reads its fields in
 * {@link CliCommand#run} whichever way its model was made.
 */
final class CommandModel {

	private CommandModel() {
	}

	/**
	 * A command's model without reading any annotation (its options are added in code).
	 *
	 * @param name the command's name
	 * @param command what picocli calls when the command runs
	 * @param description the description's lines (the first is the one-line summary of the command list)
	 */
	static CommandSpec command(String name, Object command, String... description) {
		CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
		spec.name(name);
		spec.usageMessage().description(description);
		return spec;
	}

	/**
	 * The layout of every subcommand's help and its option syntax (option and value separated by a space or
	 * '='), and {@code -h/--help}, {@code -V/--version} added as the last options, as picocli's
	 * {@code mixinStandardHelpOptions} adds them; called by {@link Main} for each subcommand, however its model
	 * was made.
	 */
	static void subcommandLayout(CommandSpec spec) {
		spec.usageMessage().synopsisHeading("usage: ").abbreviateSynopsis(true).sortOptions(false).descriptionHeading("%n")
				.parameterListHeading("%narguments:%n").optionListHeading("%noptions:%n").footerHeading("%n").autoWidth(false)
				.width(100);
		spec.parser().separator(" ");
		standardHelpOptions(spec);
	}

	/**
	 * {@code -h, --help} and {@code -V, --version} (the product's version), as the last options: what picocli's
	 * {@code mixinStandardHelpOptions} adds, without reading its annotated mixin class.
	 */
	static void standardHelpOptions(CommandSpec spec) {
		spec.versionProvider(new Main.Version());
		spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).initialValue(Boolean.FALSE)
				.descriptionKey("mixinStandardHelpOptions.help").description("Show this help message and exit.").build());
		spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).initialValue(Boolean.FALSE)
				.descriptionKey("mixinStandardHelpOptions.version").description("Print version information and exit.").build());
	}

	/** An option with one value (the last one given wins), in a field that has a value when not given. */
	static OptionSpec.Builder text(Supplier<String> get, Consumer<String> set, String... names) {
		return bound(OptionSpec.builder(names).type(String.class), new Binding<>(get, set));
	}

	/** An option with one value (the last one given wins), in a field that is null when not given. */
	static OptionSpec.Builder value(Supplier<@Nullable String> get, Consumer<@Nullable String> set, String... names) {
		return bound(OptionSpec.builder(names).type(String.class), new Binding<>(get, set));
	}

	/** An option without a value: true when given. */
	static OptionSpec.Builder flag(Supplier<Boolean> get, Consumer<Boolean> set, String... names) {
		return bound(OptionSpec.builder(names).type(boolean.class), new Binding<>(get, set));
	}

	/** A repeatable option: each occurrence's value is added to the list. */
	static OptionSpec.Builder values(Supplier<List<String>> get, Consumer<List<String>> set, String... names) {
		return bound(OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class), new Binding<>(get, set));
	}

	/** The positional parameters: any number of them, in a list. */
	static PositionalParamSpec.Builder parameters(Supplier<List<String>> get, Consumer<List<String>> set) {
		return bound(PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class).arity("0..*"), new Binding<>(get, set));
	}

	private static <B extends OptionSpec.Builder> B bound(B builder, Binding<?> binding) {
		builder.getter(binding).setter(binding).initialValue(binding.get());
		return builder;
	}

	private static PositionalParamSpec.Builder bound(PositionalParamSpec.Builder builder, Binding<?> binding) {
		builder.getter(binding).setter(binding).initialValue(binding.get());
		return builder;
	}

	/** Completion candidates of an option, for the completion script. */
	static Iterable<String> candidates(String... values) {
		return List.of(values);
	}

	/**
	 * A field of a command as picocli's getter and setter (picocli's interfaces are generic in each call, so a
	 * lambda cannot implement them).
	 */
	@NonNullByDefault({}) // picocli's interfaces say nothing of nulls
	private static final class Binding<T> implements IGetter, ISetter {
		private final Supplier<T> fGet;
		private final Consumer<T> fSet;

		Binding(Supplier<T> get, Consumer<T> set) {
			fGet = get;
			fSet = set;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <V> V get() {
			return (V) fGet.get();
		}

		@Override
		@SuppressWarnings("unchecked")
		public <V> V set(V value) {
			V old = get();
			fSet.accept((T) value);
			return old;
		}
	}
}
