import type { ReactNode } from 'react';
import type { Settings } from '../../../shared/app-api.js';
import { QueryContent } from '../../components/QueryContent.js';
import { StatusPanel } from '../../components/StatusPanel.js';
import { UpdatePanel } from '../../components/UpdatePanel.js';
import { settingsQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useDesktop } from '../../store/desktop-context.js';
import { BindAddressForm } from './BindAddressForm.js';
import { CacheFolderForm } from './CacheFolderForm.js';
import { HubsEditor } from './HubsEditor.js';
import { LfsThresholdForm } from './LfsThresholdForm.js';
import { ModelFoldersPanel } from './ModelFoldersPanel.js';
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
      <ModelFoldersPanel />
      <ThemePicker />
      <StatusPanel desktop={desktop} />
      {desktop !== undefined && <UpdatePanel desktop={desktop} />}
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
        <LfsThresholdForm settings={settings} />
        <BindAddressForm settings={settings} />
        <p className="hint">
          Data folder: <code>{settings.dataDir}</code>
        </p>
      </section>
    </>
  );
}
