package io.feedscope.analysis;

import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What sessions and lines have in common for the checks: one state object per check, in the check's
 * {@link CheckContext#slot() slot}, so that a check contributed by a team keeps its per-session or
 * per-line bookkeeping next to the built-in checks' without a map lookup per packet.
 */
public abstract class CheckStates {

	private final Object[] fCheckState;

	CheckStates(int slots) {
		fCheckState = new Object[slots];
	}

	/** @return the state a check keeps here in its {@link CheckContext#slot() slot}, or null */
	public @Nullable Object checkState(int slot) {
		return fCheckState[slot];
	}

	public void setCheckState(int slot, Object state) {
		fCheckState[slot] = state;
	}

	/**
	 * The state a check keeps here under its slot, made the first time it is asked for. Pass a
	 * constructor reference ({@code State::new}): it captures nothing, so the per-packet call allocates
	 * nothing once the state exists.
	 */
	@SuppressWarnings("unchecked")
	public <T> T checkState(int slot, Supplier<? extends T> create) {
		Object o = fCheckState[slot];
		if (o == null) {
			o = create.get();
			fCheckState[slot] = o;
		}
		return (T) o;
	}
}
