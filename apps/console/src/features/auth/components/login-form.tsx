import type { LoginResponse } from '@babillard/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/api-client';
import { useLogin } from '../api/login';

export function LoginForm({ onSuccess }: { onSuccess: (res: LoginResponse) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const loginMutation = useLogin({ onSuccess });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    loginMutation.mutate({ email: email.trim(), password });
  };

  return (
    <form className="login" onSubmit={submit} aria-labelledby="login-title" noValidate>
      <h1 id="login-title">{t('auth.title')}</h1>
      <p className="muted">{t('auth.subtitle')}</p>
      <label htmlFor="login-email">{t('auth.email')}</label>
      <input id="login-email" name="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="login-password">{t('auth.password')}</label>
      <input
        id="login-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {loginMutation.isError && (
        <p className="form-error" role="alert">
          {errorMessage(loginMutation.error)}
        </p>
      )}
      <button type="submit" className="btn btn--primary" disabled={loginMutation.isPending || !email || !password}>
        {loginMutation.isPending ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
