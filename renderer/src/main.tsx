/** Entry point: mounts the app on the API the preload exposed. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { findApi } from './api';
import { App } from './app';
import { t } from './i18n';

document.title = t('app.title');
const root = createRoot(document.getElementById('root')!);
const api = findApi();
root.render(<StrictMode>{api ? <App api={api} /> : <p className="no-api">{t('app.noApi')}</p>}</StrictMode>);
