'use client';
// Publish panel: topic, payload, format, QoS, retain and MQTT 5 properties; shows what was sent, the
// broker's acknowledgement and what came back, and the panel's publish history with one-click republish.
import { useEffect, useState, type FormEvent } from 'react';
import { confirmTokenOf, PublishConfirm } from './publish-confirm';
import { usePublish, type PublishArgs, type PublishPreset, type SentPublish } from './use-publish';
import { PanelSection } from './section';
import { PayloadField, TopicField } from './topic-field';
import { toUserProperties, UserPropertiesEditor, type UserPropertyRow } from './user-properties';
import { ErrorAlert, StatusNote } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';
import { bindValues } from '../../_components/ui/form-values';
import { CheckboxField, SelectField, TextField } from '../../_components/ui/input';
import { formatBytes, formatDuration } from '../../_components/ui/format';

export type { PublishPreset } from './use-publish';

interface Mqtt5Values {
  contentType: string;
  responseTopic: string;
  correlationData: string;
  expiry: string;
  userProperties: UserPropertyRow[];
}

const NO_PROPS: Mqtt5Values = {
  contentType: '',
  responseTopic: '',
  correlationData: '',
  expiry: '',
  userProperties: [],
};

function toProperties(p: Mqtt5Values): PublishArgs['properties'] {
  const user = toUserProperties(p.userProperties);
  const out: NonNullable<PublishArgs['properties']> = {};
  if (p.contentType.trim()) out.content_type = p.contentType.trim();
  if (p.responseTopic.trim()) out.response_topic = p.responseTopic.trim();
  if (p.correlationData) out.correlation_data = p.correlationData;
  if (p.expiry.trim()) out.message_expiry_seconds = Number(p.expiry);
  if (Object.keys(user).length > 0) out.user_properties = user;
  return Object.keys(out).length > 0 ? out : undefined;
}

function flags(qos: number, retain: boolean | undefined): string {
  return `QoS ${qos} · ${retain ? 'retained' : 'not retained'}`;
}

function Acknowledgement({
  sent,
  cameBack,
}: {
  sent: SentPublish;
  cameBack?: { qos: number; retain: boolean; received_at: string };
}) {
  const { result, args } = sent;
  const ack = result.acknowledgement;
  return (
    <StatusNote>
      <span className="block" data-testid="publish-sent">
        <span className="font-semibold">Sent:</span> {flags(args.qos ?? 0, args.retain)}
      </span>
      <span className="block" data-testid="publish-came-back">
        <span className="font-semibold">Came back to this explorer:</span>{' '}
        {cameBack
          ? `${flags(cameBack.qos, cameBack.retain)} (as delivered to its QoS 0 subscription; a live message arrives without the retain flag)`
          : 'nothing yet (the watched filter may not cover this topic)'}
      </span>
      <span className="font-semibold">{ack.type === 'none' ? 'Sent (QoS 0)' : ack.type}</span>
      {ack.reason_code !== undefined && (
        <>
          {' '}
          · reason code {ack.reason_code} ({ack.reason})
        </>
      )}{' '}
      · {formatDuration(ack.received_after_ms)} · {formatBytes(result.size_bytes)} to{' '}
      <span className="break-all font-mono">{result.topic}</span>
      {result.retain ? ' (retained)' : ''}
      {result.note && <span className="block text-xs opacity-80">{result.note}</span>}
    </StatusNote>
  );
}

function PublishHistory({
  sent,
  disabled,
  onRepublish,
  onEdit,
}: {
  sent: SentPublish[];
  disabled: boolean;
  onRepublish(args: PublishArgs): void;
  onEdit(args: PublishArgs): void;
}) {
  return (
    <PanelSection id="publish-history-title" title="Published from here">
      <ol aria-label="Publish history" className="divide-y divide-slate-100 dark:divide-slate-800">
        {sent.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center gap-2 py-1.5 text-xs">
            <span className="min-w-0 flex-1 truncate font-mono" title={p.args.topic}>
              {p.args.topic}
            </span>
            <span className="max-w-[40%] truncate font-mono text-slate-500">{p.args.payload}</span>
            <span className="text-slate-500">{flags(p.args.qos ?? 0, p.args.retain)}</span>
            <Button size="sm" variant="ghost" onClick={() => onEdit(p.args)}>
              Edit
            </Button>
            <Button
              size="sm"
              disabled={disabled}
              aria-label={`Republish to ${p.args.topic}`}
              onClick={() => onRepublish(p.args)}
            >
              Republish
            </Button>
          </li>
        ))}
      </ol>
    </PanelSection>
  );
}

/** The publish panel of a session. */
export function ExplorerPublish({
  sessionId,
  filter,
  protocolVersion,
  preset,
}: {
  sessionId?: string;
  filter: string;
  protocolVersion?: 4 | 5;
  preset?: PublishPreset;
}) {
  const {
    mutation: publish,
    topic,
    setTopic,
    sent,
    latest,
    cameBack,
    send,
    confirmLast,
  } = usePublish(sessionId, filter, preset);
  const [payload, setPayload] = useState('');
  const [encoding, setEncoding] = useState<'text' | 'json' | 'base64'>('text');
  const [qos, setQos] = useState<0 | 1 | 2>(0);
  const [retain, setRetain] = useState(false);
  const [props, setProps] = useState<Mqtt5Values>(NO_PROPS);
  const mqtt5 = protocolVersion === 5;

  useEffect(() => {
    if (preset?.payload !== undefined) setPayload(preset.payload);
  }, [preset]);

  const edit = (args: PublishArgs) => {
    setTopic(args.topic);
    setPayload(args.payload);
    setEncoding(args.payload_encoding ?? 'text');
    setQos(args.qos ?? 0);
    setRetain(args.retain ?? false);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sessionId) return;
    send({
      session_id: sessionId,
      topic,
      payload,
      payload_encoding: encoding,
      qos,
      retain,
      properties: mqtt5 ? toProperties(props) : undefined,
    });
  };
  const token = confirmTokenOf(publish.error?.message);

  const setProp = <K extends keyof Mqtt5Values>(key: K, value: Mqtt5Values[K]) =>
    setProps((p) => ({ ...p, [key]: value }));
  const { text } = bindValues(props, setProp);

  return (
    <form onSubmit={onSubmit} aria-label="Publish a message" className="space-y-3" noValidate>
      <TopicField
        label="Topic"
        required
        placeholder="devices/lamp/set"
        value={topic}
        onValue={setTopic}
      />
      <PayloadField label="Payload" rows={4} value={payload} onValue={setPayload} />
      <div className="grid grid-cols-2 items-end gap-3">
        <SelectField
          label="Format"
          value={encoding}
          onChange={(e) => setEncoding(e.target.value as typeof encoding)}
        >
          <option value="text">Text</option>
          <option value="json">JSON</option>
          <option value="base64">Base64</option>
        </SelectField>
        <SelectField
          label="QoS"
          value={String(qos)}
          onChange={(e) => setQos(Number(e.target.value) as 0 | 1 | 2)}
        >
          <option value="0">0 · at most once</option>
          <option value="1">1 · at least once</option>
          <option value="2">2 · exactly once</option>
        </SelectField>
        <CheckboxField
          label="Retain"
          className="col-span-2"
          checked={retain}
          onChange={(e) => setRetain(e.target.checked)}
        />
      </div>
      <details className="rounded-md border border-slate-200 dark:border-slate-800">
        <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-300 dark:hover:bg-slate-800/60">
          MQTT 5 properties
        </summary>
        <div className="space-y-3 border-t border-slate-200 p-3 dark:border-slate-800">
          {!mqtt5 && (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              This session speaks MQTT 3.1.1, which has no properties; connect with MQTT 5 to use
              them.
            </p>
          )}
          <fieldset disabled={!mqtt5} className="grid gap-3 sm:grid-cols-2">
            <TextField
              label="Content type"
              placeholder="application/json"
              {...text('contentType')}
            />
            <TextField label="Message expiry (s)" type="number" min={0} {...text('expiry')} />
            <TextField label="Response topic" mono {...text('responseTopic')} />
            <TextField label="Correlation data" mono {...text('correlationData')} />
            <UserPropertiesEditor
              rows={props.userProperties}
              onChange={(rows) => setProp('userProperties', rows)}
            />
          </fieldset>
        </div>
      </details>
      {token && publish.error ? (
        <PublishConfirm
          message={publish.error.message}
          onConfirm={() => confirmLast(token)}
          onCancel={() => publish.reset()}
        />
      ) : (
        <ErrorAlert message={publish.error?.message} />
      )}
      {latest && !publish.isPending && !publish.error && (
        <Acknowledgement sent={latest} cameBack={cameBack} />
      )}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={!sessionId || publish.isPending}>
          {publish.isPending ? 'Publishing…' : 'Publish'}
        </Button>
        {retain && (
          <span className="text-xs text-amber-700 dark:text-amber-400">
            A retained message replaces the value the broker keeps for this topic.
          </span>
        )}
      </div>
      {sent.length > 0 && (
        <PublishHistory
          sent={sent}
          disabled={!sessionId || publish.isPending}
          onRepublish={(args) => send({ ...args, session_id: sessionId ?? args.session_id })}
          onEdit={edit}
        />
      )}
    </form>
  );
}
