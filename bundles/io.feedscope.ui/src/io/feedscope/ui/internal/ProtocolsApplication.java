package io.feedscope.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolSet;

/**
 * {@code feedscope-gui -application io.feedscope.ui.protocols [CAPTURE...]}: the workbench's protocols as its
 * runtime sees them (the OSGi extension registry, the site's and the user's folders, the preferences' bindings),
 * printed as the Protocols preference page lists them, then per capture how many messages of each feed protocol
 * the workbench's dissector finds. No display: it lets a script (releng/check-install) see, after a plug-in was
 * installed or dropped in and the product restarted, what the workbench now shows.
 */
public final class ProtocolsApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) throws Exception {
		String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
		ProtocolSet set = AnalysisJob.protocols();
		for (ProtocolDiagnostic d : set.diagnostics()) {
			System.err.println(d);
		}
		for (ProtocolRows.Row r : ProtocolRows.rows(set)) {
			System.out.println("protocol " + r.name() + "  " + r.kind() + "  " + r.origin() + "  " + r.bindings());
		}
		int exit = 0;
		for (String a : args) {
			if (a.startsWith("-")) {
				continue; // launcher arguments passed through
			}
			try (CaptureFile c = Captures.open(Path.of(a))) {
				FeedDissector d = new FeedDissector(set).learnPorts();
				Map<String, Long> messages = new TreeMap<>();
				for (int f = 1; f <= c.frameCount(); f++) {
					FeedPacket p = d.dissect(c, f);
					Protocol feed = p.feedProtocol();
					if (feed != null && p.messageCount() > 0) {
						messages.merge(feed.name(), (long) p.messageCount(), Long::sum);
					}
				}
				StringBuilder b = new StringBuilder(a + ": " + c.frameCount() + " frames");
				messages.forEach((k, v) -> b.append(", ").append(k).append(' ').append(v).append(" messages"));
				System.out.println(b);
			} catch (IOException | RuntimeException e) {
				System.err.println(a + ": " + e.getMessage());
				exit = 1;
			}
		}
		System.out.flush();
		return exit;
	}

	@Override
	public void stop() {
		// runs to its end
	}
}
