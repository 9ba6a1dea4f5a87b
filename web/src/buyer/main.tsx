import { render } from 'preact';
import { BuyerApp } from './buyer-app';
import { language, t } from './locale';

document.documentElement.lang = language;
document.title = t.pageTitle;
const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app element');
render(<BuyerApp />, root);
// Read by the browser tests: how long after navigation the page first showed itself.
performance.mark('app-rendered');
