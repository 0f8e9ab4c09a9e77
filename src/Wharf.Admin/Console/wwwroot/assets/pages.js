// The console's pages, in the order of the navigation. A page is a module whose default export is
// { id, title, render(view, ctx) }: render fills `view` and returns a function that stops whatever
// it left running (timers, streams). FTP, SMTP and NNTP add theirs here (docs/console.md).
import services from './services.js';
import sites from './sites.js';
import pools from './pools.js';
import charts from './charts.js';
import history from './history.js';
import logs from './logs.js';

export default [services, sites, pools, charts, history, logs];
