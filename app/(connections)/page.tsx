'use client';
// Connections page: connect (string, profile, demo broker), saved profiles, every session.
import { ConnectForm } from './_components/connect-form';
import { DemoBrokerButton } from './_components/demo-button';
import { Profiles } from './_components/profiles';
import { SessionsTable } from './_components/sessions-table';
import { Card } from '../_components/ui/card';
import { PageHeader } from '../_components/ui/page';

/** The Connections page. */
export default function ConnectionsPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Connections">
        Broker sessions held by this server, for this console and for your assistants alike.
      </PageHeader>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Connect" labelledBy="connect-title">
          <ConnectForm />
        </Card>
        <div className="space-y-4">
          <Card title="No broker at hand?" labelledBy="demo-title">
            <DemoBrokerButton />
          </Card>
          <Card title="Saved profiles" labelledBy="profiles-title">
            <Profiles />
          </Card>
        </div>
      </div>
      <Card title="Sessions" labelledBy="sessions-title" bodyClassName="p-0 sm:p-1">
        <SessionsTable />
      </Card>
    </div>
  );
}
