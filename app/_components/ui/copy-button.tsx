'use client';
// Copy button: copies text to the clipboard (with a fallback for plain-HTTP LAN pages) and says so.
import { useEffect, useRef, useState } from 'react';
import { Button, type ButtonVariant } from './button';

/** Copies text; uses a hidden textarea where the Clipboard API is unavailable (insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the fallback below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A button that copies `text` (or the result of `getText`) and shows "Copied" for a moment. */
export function CopyButton({
  text,
  getText,
  label = 'Copy',
  variant = 'secondary',
  size = 'sm',
  ...button
}: {
  text?: string;
  getText?: () => string | undefined;
  label?: string;
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  className?: string;
  disabled?: boolean;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onClick = async () => {
    const value = getText ? getText() : text;
    if (value === undefined) return;
    const ok = await copyText(value);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1800);
  };
  return (
    <Button variant={variant} size={size} onClick={onClick} {...button}>
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </span>
    </Button>
  );
}
