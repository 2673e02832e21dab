package io.feedscope.generator.feed;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.dissect.internal.PluginXml;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.feed.FeedPreset.Option;
import io.feedscope.generator.internal.ExtensionFeeds;

/**
 * The presets that bundles contribute to {@value #EXTENSION_POINT} ({@code schema/feeds.exsd}), found as
 * protocols and checks are: under OSGi from the Eclipse extension registry, on a plain class path (the command
 * line, plain JUnit) from every {@code plugin.xml} the class loader sees, read by io.feedscope.dissect's one
 * plugin.xml reader. So a feed family's bundle adds {@code generate --preset NAME} without an edit in the
 * generator or the command line.
 * <p>
 * Every contribution that cannot be used is left out and said in {@link #problems()}, one sentence naming the
 * plug-in: a {@code <feed>} without framing or encoder, a {@code <preset>} without name, description or class, a
 * name that is not lower-case letters, digits and dashes, an option the generator does not know, a class that
 * cannot be loaded or is not what the point asks for (on a class path found at once; under OSGi, where classes
 * load when used, when the preset runs), a name already taken (the generator's own presets, then the first
 * contribution, keep it).
 */
public final class FeedPresets {

	/** the extension point's id; contributions are {@code <feed>} elements with {@code <preset>} children */
	public static final String EXTENSION_POINT = "io.feedscope.generator.feeds";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

	/**
	 * One contributed preset.
	 *
	 * @param name its name on the command line ({@code --preset NAME})
	 * @param description one line for {@code generate --help} and {@code --list-presets}
	 * @param framing the framing protocol it writes (a protocol's name, as the dissect point's {@code id})
	 * @param messages the messages protocol it writes
	 * @param options the generic options it takes
	 * @param contributor the plug-in that contributes it
	 */
	public record Preset(String name, String description, String framing, String messages, Set<Option> options, String contributor,
			Supplier<FeedPreset> preset, Supplier<Framing> encoder) {

		/**
		 * Creates the preset and its framing and writes.
		 *
		 * @throws IllegalStateException naming the plug-in, when its classes cannot be created
		 * @throws IllegalArgumentException when a setting is out of the preset's range
		 */
		public FeedPreset.Result write(Path capture, @Nullable Long seed, @Nullable Long durationNanos, @Nullable Double rate,
				CaptureFormat format, boolean overwrite) throws IOException {
			FeedPreset p = preset.get();
			Framing f = encoder.get();
			return p.write(capture, new FeedPreset.Settings(seed, durationNanos, rate, format, overwrite, f));
		}
	}

	/**
	 * Creates a contribution's classes: at once checked on a class path, created from the extension registry's
	 * element under OSGi. {@code preset} is the index of the {@code <preset>} in its {@code <feed>}, -1 for the
	 * feed's encoder.
	 */
	public interface Classes {
		/**
		 * @throws IllegalArgumentException saying why the class cannot be used
		 */
		<T> Supplier<T> creator(String className, Class<T> type, int preset);
	}

	private static volatile @Nullable FeedPresets sDefault;

	private final List<Preset> fPresets;
	private final List<String> fProblems;

	private FeedPresets(List<Preset> presets, List<String> problems) {
		fPresets = List.copyOf(presets);
		fProblems = List.copyOf(problems);
	}

	/** @return the installed contributions (found once per JVM): the extension registry in OSGi, else the class path */
	public static FeedPresets getDefault() {
		FeedPresets d = sDefault;
		if (d == null) {
			d = load();
			sDefault = d;
		}
		return d;
	}

	private static FeedPresets load() {
		if (PluginXml.registryPresent(FeedPresets.class)) {
			List<Preset> out = new ArrayList<>();
			List<String> problems = new ArrayList<>();
			if (ExtensionFeeds.read(out, problems)) {
				return create(out, problems);
			}
		}
		ClassLoader loader = FeedPresets.class.getClassLoader();
		return fromClassPath(loader == null ? ClassLoader.getSystemClassLoader() : loader);
	}

	/** @return the contributions of every {@code plugin.xml} {@code loader} sees (plain class path) */
	public static FeedPresets fromClassPath(ClassLoader loader) {
		List<Preset> out = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		try {
			Enumeration<URL> urls = loader.getResources("plugin.xml");
			while (urls.hasMoreElements()) {
				URL url = urls.nextElement();
				String contributor = PluginXml.contributor(url);
				try {
					read(new String(PluginXml.read(url), StandardCharsets.UTF_8), contributor, loader, out, problems);
				} catch (IOException e) {
					problems.add(contributor + ": cannot read " + url + ": " + e.getMessage());
				}
			}
		} catch (IOException e) {
			problems.add("class path: cannot list plugin.xml files: " + e.getMessage());
		}
		return create(out, problems);
	}

	/** @return the contributions of one {@code plugin.xml}'s text, its classes loaded by {@code loader} (tests, tools) */
	public static FeedPresets fromPluginXml(String xml, String contributor, ClassLoader loader) {
		List<Preset> out = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		read(xml, contributor, loader, out, problems);
		return create(out, problems);
	}

	private static void read(String xml, String contributor, ClassLoader loader, List<Preset> out, List<String> problems) {
		List<PluginXml.Contribution> feeds;
		try {
			feeds = PluginXml.contributions(xml, EXTENSION_POINT, "feed", "preset");
		} catch (IllegalArgumentException e) {
			problems.add(contributor + ": cannot read plugin.xml: " + e.getMessage());
			return;
		}
		Classes classes = new Classes() {
			@Override
			public <T> Supplier<T> creator(String className, Class<T> type, int preset) {
				return classPathCreator(className, type, loader);
			}
		};
		for (PluginXml.Contribution c : feeds) {
			feed(contributor, contributor + " (plugin.xml line " + c.line() + ")", c.attributes(), c.children(), classes, out, problems);
		}
	}

	private static <T> Supplier<T> classPathCreator(String className, Class<T> type, ClassLoader loader) {
		Class<? extends T> cls;
		try {
			cls = Class.forName(className, false, loader).asSubclass(type);
			cls.getConstructor();
		} catch (ClassNotFoundException e) {
			throw new IllegalArgumentException("class " + className + " not found");
		} catch (ClassCastException e) {
			throw new IllegalArgumentException("class " + className + " is not a " + type.getName());
		} catch (NoSuchMethodException e) {
			throw new IllegalArgumentException("class " + className + " has no public constructor without arguments");
		} catch (LinkageError e) {
			throw new IllegalArgumentException("class " + className + " cannot be loaded: " + e);
		}
		return () -> {
			try {
				return cls.getConstructor().newInstance();
			} catch (ReflectiveOperationException | LinkageError e) {
				Throwable cause = e.getCause() == null ? e : e.getCause();
				throw new IllegalStateException("cannot create " + className + ": " + cause, e);
			}
		};
	}

	/**
	 * Takes one {@code <feed>} and its {@code <preset>}s (both readers), or says why not.
	 *
	 * @param contributor the plug-in
	 * @param where the plug-in and where in its plugin.xml, when known (for problems)
	 */
	public static void feed(String contributor, String where, Map<String, String> feed, List<Map<String, String>> presets, Classes classes,
			List<Preset> out, List<String> problems) {
		String framing = feed.getOrDefault("framing", "").strip();
		String encoderClass = feed.getOrDefault("encoder", "").strip();
		if (framing.isEmpty() || encoderClass.isEmpty()) {
			problems.add(where + ": a <feed> lacks framing or encoder; its presets are left out");
			return;
		}
		Supplier<Framing> encoder;
		try {
			encoder = classes.creator(encoderClass, Framing.class, -1);
		} catch (IllegalArgumentException e) {
			problems.add(where + ": feed " + framing + ": encoder " + e.getMessage() + "; its presets are left out");
			return;
		}
		if (presets.isEmpty()) {
			problems.add(where + ": feed " + framing + " has no <preset>");
		}
		for (int i = 0; i < presets.size(); i++) {
			Map<String, String> p = presets.get(i);
			String name = p.getOrDefault("name", "").strip();
			String description = p.getOrDefault("description", "").strip();
			String cls = p.getOrDefault("class", "").strip();
			if (name.isEmpty() || description.isEmpty() || cls.isEmpty()) {
				problems.add(where + ": feed " + framing + ": a <preset> lacks name, description or class; left out");
				continue;
			}
			if (!NAME.matcher(name).matches()) {
				problems.add(where + ": preset '" + name + "': a name is lower-case letters, digits and dashes; left out");
				continue;
			}
			Set<Option> options = EnumSet.noneOf(Option.class);
			String unknown = null;
			for (String o : p.getOrDefault("options", "").split("[,\\s]+")) {
				if (!o.isEmpty()) {
					Option opt = Option.byId(o);
					if (opt == null) {
						unknown = o;
						break;
					}
					options.add(opt);
				}
			}
			if (unknown != null) {
				problems.add(where + ": preset " + name + ": unknown option '" + unknown + "' (known: seed, duration, rate); left out");
				continue;
			}
			Supplier<FeedPreset> preset;
			try {
				preset = classes.creator(cls, FeedPreset.class, i);
			} catch (IllegalArgumentException e) {
				problems.add(where + ": preset " + name + ": " + e.getMessage() + "; left out");
				continue;
			}
			String messages = p.getOrDefault("messages", "").strip();
			out.add(new Preset(name, description, framing, messages.isEmpty() ? framing : messages, Set.copyOf(options),
					contributor, preset, encoder));
		}
	}

	private static FeedPresets create(List<Preset> found, List<String> problems) {
		Map<String, Preset> byName = new LinkedHashMap<>();
		for (Preset p : found) {
			if (Scenario.PRESETS.contains(p.name())) {
				problems.add(p.contributor() + ": preset " + p.name() + " left out: a preset of the generator itself has that name");
				continue;
			}
			Preset old = byName.putIfAbsent(p.name(), p);
			if (old != null) {
				problems.add(p.contributor() + ": preset " + p.name() + " left out: already contributed by " + old.contributor());
			}
		}
		return new FeedPresets(new ArrayList<>(byName.values()), problems);
	}

	/** @return the usable contributed presets, in contribution order */
	public List<Preset> presets() {
		return fPresets;
	}

	/** @return the contributed preset of that name, or null */
	public @Nullable Preset preset(String name) {
		for (Preset p : fPresets) {
			if (p.name().equals(name)) {
				return p;
			}
		}
		return null;
	}

	/** @return what could not be used, one sentence each naming the plug-in */
	public List<String> problems() {
		return fProblems;
	}
}
