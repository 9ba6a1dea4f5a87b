import { render } from 'preact';
import { language, t } from './locale';
import { OrganizerApp } from './organizer-app';

document.documentElement.lang = language;
document.title = t.pageTitle;
const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app element');
render(<OrganizerApp />, root);
performance.mark('app-rendered');
