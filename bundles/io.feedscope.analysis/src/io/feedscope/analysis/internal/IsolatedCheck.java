package io.feedscope.analysis.internal;

import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedCheck;

/**
 * The start shared by the built-in checks that read nothing but their arguments and their own state, kept per line or
 * session under their slot, so that they may run on a check thread of their own ({@link FeedCheck#isolated()}): the
 * context and the slot kept in fields, which the per-packet code reads (a field, not an interface call).
 * <p>
 * The subclasses are final, so the analysis' calls to their {@code onPacket} stay bound to one method, which the
 * client compiler (the launcher's) needs to call them without an interface call.
 */
abstract class IsolatedCheck implements FeedCheck {

	CheckContext fContext = CheckContext.UNSTARTED;
	/** the context's {@link CheckContext#slot()}, read per packet (-1 before the start) */
	int fSlot = -1;

	/** reads only the packet, the facts, the line's and session's identity and its own state */
	@Override
	public final boolean isolated() {
		return true;
	}

	@Override
	public void start(CheckContext context) {
		fContext = context;
		fSlot = context.slot();
	}
}
