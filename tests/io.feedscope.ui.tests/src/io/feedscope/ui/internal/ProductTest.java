package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** The running product is FeedScope, and its About text names the version the bundles carry. */
class ProductTest {

	@Test
	void aboutTextNamesTheProductVersion() {
		IProduct p = Platform.getProduct();
		assertNotNull(p, "the tests run in the FeedScope product");
		assertEquals("io.feedscope.ui.product", p.getId());
		Bundle ui = Platform.getBundle("io.feedscope.ui");
		String version = ui.getVersion().getMajor() + "." + ui.getVersion().getMinor() + "." + ui.getVersion().getMicro();
		String about = p.getProperty("aboutText");
		assertTrue(about.startsWith("FeedScope " + version + ":"), about);
	}
}
