package io.feedscope.ui.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.Platform;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.osgi.service.datalocation.Location;

/**
 * What Help &gt; Install Plug-ins... does, without widgets: lists the features of a p2 repository (a folder or a
 * zip) and installs some into this product, by running the product's own {@code feedscope-install} (the p2
 * director on the product's profile, which the command line and releng/check-install use too), so the
 * workbench and the shell install the same way and a p2 error reads the same in both. What was installed is
 * active from the next start.
 */
final class PluginInstaller {

	/** System property: the install tool to run instead of the product's {@code feedscope-install} (tests). */
	static final String TOOL_PROPERTY = "feedscope.installTool";

	/** A feature a repository offers: {@code id version}. */
	record Feature(String id, String version) {
	}

	/** The tool failed: its own message (it names the repository or the feature). */
	static final class InstallException extends Exception {
		private static final long serialVersionUID = 1L;

		InstallException(String message) {
			super(message);
		}
	}

	private static final Pattern FEATURE_LINE = Pattern.compile("^  (\\S+) (\\S+)$");
	private static final long TIMEOUT_MINUTES = 10;

	private final Path fTool;

	PluginInstaller(Path tool) {
		fTool = tool;
	}

	/**
	 * @return the installer of the running product: {@value #TOOL_PROPERTY}, else {@code feedscope-install} in the
	 *         product's install folder; null when there is none (not a product: a development runtime)
	 */
	static @Nullable PluginInstaller forProduct() {
		String p = System.getProperty(TOOL_PROPERTY);
		if (p != null && !p.isBlank()) {
			return new PluginInstaller(Path.of(p.trim()));
		}
		Location install = Platform.getInstallLocation();
		if (install == null || install.getURL() == null) {
			return null;
		}
		try {
			Path tool = Path.of(install.getURL().toURI()).resolve("feedscope-install");
			return Files.isExecutable(tool) ? new PluginInstaller(tool) : null;
		} catch (URISyntaxException | IllegalArgumentException e) {
			return null;
		}
	}

	Path tool() {
		return fTool;
	}

	/** @return the features the repository offers, as {@code feedscope-install --list REPO} prints them */
	List<Feature> list(Path repository) throws InstallException {
		String out = run("--list", repository.toAbsolutePath().toString());
		List<Feature> features = new ArrayList<>();
		for (String line : out.split("\n")) {
			Matcher m = FEATURE_LINE.matcher(line);
			if (m.matches()) {
				features.add(new Feature(m.group(1), m.group(2)));
			}
		}
		return features;
	}

	/** Installs features (ids, as listed) from the repository; @return the tool's report */
	String install(Path repository, List<String> featureIds) throws InstallException {
		if (featureIds.isEmpty()) {
			throw new InstallException("no feature chosen");
		}
		List<String> args = new ArrayList<>();
		args.add(repository.toAbsolutePath().toString());
		args.addAll(featureIds);
		return run(args.toArray(String[]::new));
	}

	/** Runs the tool; its stderr is merged into the result (p2 reports there), a non-zero exit is an exception. */
	private String run(String... args) throws InstallException {
		List<String> cmd = new ArrayList<>();
		cmd.add(fTool.toString());
		cmd.addAll(List.of(args));
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			p.getOutputStream().close();
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				throw new InstallException(fTool.getFileName() + " did not finish in " + TIMEOUT_MINUTES + " minutes");
			}
			String text = new String(out, StandardCharsets.UTF_8);
			if (p.exitValue() != 0) {
				throw new InstallException(text.isBlank() ? fTool.getFileName() + " exited with " + p.exitValue() : text.strip());
			}
			return text;
		} catch (IOException e) {
			throw new InstallException("cannot run " + fTool + ": " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InstallException("interrupted");
		}
	}
}
