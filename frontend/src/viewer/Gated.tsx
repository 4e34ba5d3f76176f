import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTitle } from '../app/useTitle';
import { sentence } from '../ui/format';
import { useCan, type Permission } from './permissions';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement>;

/**
 * A button that may be unavailable: then it is disabled and says why, both as its title and as visible
 * text linked with aria-describedby (a disabled button gets no hover or focus, so the title alone is not enough).
 */
export function GatedButton({
  enabled,
  reason,
  ...button
}: ButtonProps & { enabled: boolean; reason: string | null }) {
  const reasonId = useId();
  if (enabled) return <button type="button" {...button} />;
  const why = withPeriod(sentence(reason ?? 'Not available to you'));
  return (
    <span className="gated">
      <button type="button" {...button} disabled title={why} aria-describedby={reasonId} />
      <small id={reasonId} className="reason">
        {why}
      </small>
    </span>
  );
}

/** A button enabled only when the viewer has `permission`. */
export function CanButton({ permission, ...button }: ButtonProps & { permission: Permission }) {
  const can = useCan(permission);
  return <GatedButton enabled={can.enabled} reason={can.reason} {...button} />;
}

/** Renders the page only for viewers with `permission`; others see which permission they lack and why. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan(permission);
  if (can.enabled) return <>{children}</>;
  return <Denied permission={permission} description={can.description} reason={can.reason} />;
}

/** What a viewer without `permission` sees instead of the page, under a title that says so. */
function Denied({ permission, description, reason }: { permission: Permission; description: string | null; reason: string | null }) {
  useTitle(`You need permission ${permission}`);
  const can = { description, reason };
  return (
    <section className="denied" aria-labelledby="denied-title">
      <h1 id="denied-title">You need permission {permission}</h1>
      {can.description && <p>This page lets you {can.description}.</p>}
      <p className="reason">{withPeriod(sentence(can.reason ?? ''))}</p>
      <p>
        <Link to="/">Back to Home</Link>
      </p>
    </section>
  );
}

function withPeriod(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
