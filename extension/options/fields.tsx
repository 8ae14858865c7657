import type { ComponentChildren } from 'preact';

/** The ids a control is described by: its hint and its error, when shown. */
export function describedBy(id: string, hint: boolean, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="8" r="7" />
        <path d="M8 4.5v4M8 11v.5" />
      </svg>
      {message}
    </p>
  ) : null;
}

export function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="hint" id={`${id}-hint`}>
      {children}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: ComponentChildren;
  /** Label and control side by side (short controls) or stacked (text areas). */
  layout?: 'row' | 'stack';
}

/** A labelled control with its hint and, after a refused save, its error right below it. */
export function Field({ id, label, hint, error, children, layout = 'row' }: FieldProps) {
  return (
    <div class={`field field-${layout}${error ? ' has-error' : ''}`}>
      <div class="field-text">
        <label for={id}>{label}</label>
        {hint ? <Hint id={id}>{hint}</Hint> : null}
      </div>
      <div class="field-control">
        {children}
        <FieldError id={id} message={error} />
      </div>
    </div>
  );
}

interface ToggleProps {
  id: string;
  name: string;
  label: string;
  hint?: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** A checkbox drawn as a switch; still a checkbox to assistive technology and to tests. */
export function Toggle({ id, name, label, hint, checked, onChange }: ToggleProps) {
  return (
    <div class="field field-row toggle">
      <div class="field-text">
        <label for={id}>{label}</label>
        {hint ? <Hint id={id}>{hint}</Hint> : null}
      </div>
      <div class="field-control">
        <input
          id={id}
          name={name}
          type="checkbox"
          role="switch"
          class="switch"
          checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      </div>
    </div>
  );
}

export function Section({
  id,
  title,
  lead,
  children,
}: {
  id: string;
  title: string;
  lead?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="card" id={id} aria-labelledby={`${id}-title`}>
      <header class="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {lead ? <p class="card-lead">{lead}</p> : null}
      </header>
      <div class="card-body">{children}</div>
    </section>
  );
}

interface NumberWithUnitProps {
  /** The field's id (its label's `for`) and name. */
  id: string;
  value: string;
  min: string;
  step: string;
  inputMode?: 'numeric' | 'decimal';
  error: string | undefined;
  /** The unit after the number: a word, or a control (a unit select). */
  unit: ComponentChildren;
  onInput: (value: string) => void;
}

/** A number field with its unit, described by its hint and, when refused, its error. */
export function NumberWithUnit({
  id,
  value,
  min,
  step,
  inputMode,
  error,
  unit,
  onInput,
}: NumberWithUnitProps) {
  return (
    <div class="with-unit">
      <input
        id={id}
        name={id}
        type="number"
        inputMode={inputMode}
        min={min}
        step={step}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, true, error)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {typeof unit === 'string' ? <span class="unit">{unit}</span> : unit}
    </div>
  );
}
