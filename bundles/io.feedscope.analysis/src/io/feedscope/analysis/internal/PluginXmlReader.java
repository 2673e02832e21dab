package io.feedscope.analysis.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedCheck;

/**
 * Reads {@code <check>} contributions from a {@code plugin.xml} without OSGi, for plain class paths.
 * Only what the schema defines is read; DTDs and external entities are refused.
 */
public final class PluginXmlReader {

	private PluginXmlReader() {
	}

	/**
	 * @param problems gets one line per contribution that cannot be used
	 * @return the descriptors of contributions to {@link CheckRegistry#EXTENSION_POINT}
	 */
	public static List<CheckDescriptor> read(InputStream in, String contributor, ClassLoader loader,
			List<String> problems) {
		List<CheckDescriptor> out = new ArrayList<>();
		Document doc;
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			f.setExpandEntityReferences(false);
			DocumentBuilder b = f.newDocumentBuilder();
			// the default handler prints to stderr; the exception below carries the same text
			b.setErrorHandler(null);
			doc = b.parse(in);
		} catch (Exception e) {
			// a broken plugin.xml of someone else's jar must not stop the analysis
			problems.add(contributor + ": cannot read plugin.xml: " + e.getMessage());
			return out;
		}
		NodeList extensions = doc.getElementsByTagName("extension");
		for (int i = 0; i < extensions.getLength(); i++) {
			Element ext = (Element) extensions.item(i);
			if (!CheckRegistry.EXTENSION_POINT.equals(ext.getAttribute("point"))) {
				continue;
			}
			NodeList checks = ext.getElementsByTagName("check");
			for (int k = 0; k < checks.getLength(); k++) {
				Element c = (Element) checks.item(k);
				String id = c.getAttribute("id");
				String cls = c.getAttribute("class");
				if (id.isEmpty() || cls.isEmpty()) {
					problems.add(contributor + ": a <check> lacks id or class");
					continue;
				}
				Class<? extends FeedCheck> type;
				try {
					type = Class.forName(cls, false, loader).asSubclass(FeedCheck.class);
					type.getDeclaredConstructor();
				} catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
					problems.add(contributor + ": check " + id + ": class " + cls + " unusable: " + e);
					continue;
				}
				String name = c.getAttribute("name");
				String enabled = c.getAttribute("defaultEnabled");
				out.add(new CheckDescriptor(id, name.isEmpty() ? id : name, c.getAttribute("description"),
						enabled.isEmpty() || Boolean.parseBoolean(enabled), contributor, () -> instantiate(type)));
			}
		}
		return out;
	}

	private static FeedCheck instantiate(Class<? extends FeedCheck> type) {
		try {
			return type.getDeclaredConstructor().newInstance();
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("cannot create check " + type.getName(), e);
		}
	}
}
