import type { ReactNode } from 'react';
import type { Settings } from '../../../shared/app-api.js';
import { QueryContent } from '../../components/QueryContent.js';
import { StatusPanel } from '../../components/StatusPanel.js';
import { formatBytes } from '../../format/bytes.js';
import { settingsQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useDesktop } from '../../store/desktop-context.js';
import { CacheFolderForm } from './CacheFolderForm.js';
import { HubsEditor } from './HubsEditor.js';
import { ThemePicker } from './ThemePicker.js';

export function SettingsScreen(): ReactNode {
  const query = useQuery(settingsQuery);
  const desktop = useDesktop();
  return (
    <section aria-labelledby="settings-title" className="settings">
      <div className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </div>
      <HubsEditor />
      <QueryContent query={query} what="the settings">
        {(settings) => <StorageSettings settings={settings} />}
      </QueryContent>
      <ThemePicker />
      <StatusPanel desktop={desktop} />
    </section>
  );
}

function StorageSettings({ settings }: { readonly settings: Settings }): ReactNode {
  return (
    <>
      <section className="panel" aria-labelledby="cache-folder-title">
        <h2 id="cache-folder-title">Cache folder</h2>
        <CacheFolderForm current={settings.cacheDir} />
      </section>
      <section className="panel" aria-labelledby="server-title">
        <h2 id="server-title">Hub server</h2>
        <dl className="facts">
          <div>
            <dt>LFS threshold</dt>
            <dd>
              {formatBytes(settings.lfsThreshold)} <span className="muted">({settings.lfsThreshold.toLocaleString('en-US')} bytes)</span>
            </dd>
          </div>
          <div>
            <dt>Bind address</dt>
            <dd>
              <code>{settings.bindAddress}</code>
            </dd>
          </div>
          <div>
            <dt>Data folder</dt>
            <dd>
              <code>{settings.dataDir}</code>
            </dd>
          </div>
        </dl>
        <p className="hint">
          Files of at least the LFS threshold are stored as LFS objects. Change it with <code>HUBKEEPER_LFS_THRESHOLD</code>, and the
          address with <code>hubkeeper serve --host … --port …</code> (or <code>HUBKEEPER_HOST</code>, <code>HUBKEEPER_PORT</code>); both
          take effect at the next start. Listening on <code>0.0.0.0</code> opens the hub to your network.
        </p>
      </section>
    </>
  );
}
