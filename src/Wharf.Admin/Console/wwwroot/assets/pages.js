// The console's pages, in the order of the navigation. A page is a module whose default export is
// { id, title, render(view, ctx) }: render fills `view` and returns a function that stops whatever
// it left running (timers, streams). Each is imported when first shown, so the sign-in form waits
// for none of them (index.html still preloads them all, in parallel). FTP, SMTP and NNTP add
// theirs here (docs/console.md).
export default [
  { id: 'services', title: 'Services', load: () => import('./services.js') },
  { id: 'sites', title: 'Sites', load: () => import('./sites.js') },
  { id: 'pools', title: 'Application pools', load: () => import('./pools.js') },
  { id: 'charts', title: 'Live charts', load: () => import('./charts.js') },
  { id: 'history', title: 'Configuration history', load: () => import('./history.js') },
  { id: 'logs', title: 'Logs', load: () => import('./logs.js') },
];
