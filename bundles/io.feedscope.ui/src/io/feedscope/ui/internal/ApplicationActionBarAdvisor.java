package io.feedscope.ui.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/** File, Window (Show View, Reset Perspective, Preferences) and Help menus; commands are contributed into their groups through plugin.xml. */
public class ApplicationActionBarAdvisor extends ActionBarAdvisor {

	private IWorkbenchAction fExit;
	private IWorkbenchAction fAbout;
	private IWorkbenchAction fPreferences;
	private IWorkbenchAction fResetPerspective;
	private org.eclipse.jface.action.IContributionItem fShowViews;

	public ApplicationActionBarAdvisor(IActionBarConfigurer configurer) {
		super(configurer);
	}

	@Override
	protected void makeActions(IWorkbenchWindow window) {
		fExit = ActionFactory.QUIT.create(window);
		register(fExit);
		fAbout = ActionFactory.ABOUT.create(window);
		register(fAbout);
		fPreferences = ActionFactory.PREFERENCES.create(window);
		register(fPreferences);
		fResetPerspective = ActionFactory.RESET_PERSPECTIVE.create(window);
		register(fResetPerspective);
		// the perspective's view shortcuts (every FeedScope view) and "Other..."
		fShowViews = org.eclipse.ui.actions.ContributionItemFactory.VIEWS_SHORTLIST.create(window);
	}

	@Override
	protected void fillMenuBar(IMenuManager menuBar) {
		MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
		file.add(new GroupMarker("open"));
		file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		file.add(new Separator());
		file.add(fExit);
		menuBar.add(file);
		menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
		window.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		MenuManager showView = new MenuManager("Show &View", "showView");
		showView.add(fShowViews);
		window.add(showView);
		window.add(fResetPerspective);
		window.add(new Separator());
		window.add(fPreferences);
		menuBar.add(window);
		MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
		help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		help.add(fAbout);
		menuBar.add(help);
	}
}
