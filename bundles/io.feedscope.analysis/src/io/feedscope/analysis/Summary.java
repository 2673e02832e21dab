package io.feedscope.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text for a person who has ten seconds: a headline made of the most important fragments, then details.
 * Checks add to it in {@link FeedCheck#summarize}.
 */
public final class Summary {

	/** headline priority for messages lost (by the network or a handler) */
	public static final int PRIORITY_LOSS = 10;
	/** headline priority for "no true loss" and similar reassurance that belongs next to a loss */
	public static final int PRIORITY_REASSURANCE = 20;
	/** headline priority for line problems that cost nothing (gaps on one line, freezes) */
	public static final int PRIORITY_LINE = 30;
	/** headline priority for what to configure (the gap timeout arbitration needs), after the facts */
	public static final int PRIORITY_ADVICE = 35;

	private record Fragment(int priority, int order, String text) {
	}

	private final List<Fragment> fHeadline = new ArrayList<>();
	private final List<String> fDetails = new ArrayList<>();
	private String fPrefix = "";

	/** Adds a headline fragment; lower priority values come first. */
	public void headline(int priority, String text) {
		fHeadline.add(new Fragment(priority, fHeadline.size(), fPrefix + text));
	}

	/** Adds a detail line. */
	public void detail(String text) {
		fDetails.add(fPrefix + text);
	}

	void prefix(String prefix) {
		fPrefix = prefix;
	}

	/** @return the headline: fragments by priority, joined with "; " */
	public String headlineText() {
		List<Fragment> f = new ArrayList<>(fHeadline);
		f.sort(Comparator.comparingInt(Fragment::priority).thenComparingInt(Fragment::order));
		StringBuilder b = new StringBuilder();
		for (Fragment x : f) {
			if (b.length() > 0) {
				b.append("; ");
			}
			b.append(x.text());
		}
		return b.toString();
	}

	/** @return the detail lines in the order added */
	public List<String> details() {
		return List.copyOf(fDetails);
	}
}
