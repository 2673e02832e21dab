package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.graphics.RGB;
import org.osgi.service.prefs.BackingStoreException;

import io.feedscope.ui.CaptureSet;

/**
 * The names and colours users gave to capture files, kept in the instance preferences by absolute path,
 * newest first, at most {@value #MAX}: one line per file, {@code path TAB name TAB r,g,b}.
 */
final class CaptureLabels implements CaptureSet.Memory {

	static final String KEY = "captureLabels";
	static final int MAX = 200;

	@Override
	public CaptureSet.@Nullable Remembered recall(String path) {
		for (String line : load()) {
			String[] f = line.split("\t", -1);
			if (f.length == 3 && f[0].equals(path)) {
				RGB colour = rgb(f[2]);
				return colour == null || f[1].isBlank() ? null : new CaptureSet.Remembered(f[1], colour);
			}
		}
		return null;
	}

	@Override
	public void remember(String path, CaptureSet.Remembered what) {
		List<String> lines = new ArrayList<>();
		// tabs and line breaks cannot be part of a path or name here: they separate the stored fields
		String name = what.name().replaceAll("[\t\r\n]", " ");
		RGB c = what.colour();
		lines.add(path + "\t" + name + "\t" + c.red + "," + c.green + "," + c.blue);
		for (String line : load()) {
			if (!line.startsWith(path + "\t") && lines.size() < MAX) {
				lines.add(line);
			}
		}
		IEclipsePreferences node = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		node.put(KEY, String.join("\n", lines));
		try {
			node.flush();
		} catch (BackingStoreException e) {
			// a convenience: losing it costs a rename, not worth bothering the user
		}
	}

	private static List<String> load() {
		String s = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).get(KEY, "");
		return s.isEmpty() ? List.of() : List.of(s.split("\n"));
	}

	private static @Nullable RGB rgb(String text) {
		String[] v = text.split(",");
		if (v.length != 3) {
			return null;
		}
		try {
			int r = Integer.parseInt(v[0].strip()), g = Integer.parseInt(v[1].strip()), b = Integer.parseInt(v[2].strip());
			return r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255 ? null : new RGB(r, g, b);
		} catch (NumberFormatException e) {
			return null; // edited by hand: forget it rather than fail
		}
	}
}
