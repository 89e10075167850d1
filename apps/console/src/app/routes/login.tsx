import { LoginForm } from '../../features/auth/components/login-form';
import { applyLocale } from '../../lib/i18n';
import { navigate } from '../../lib/router';

export function LoginRoute() {
  return (
    <main className="login-page">
      <LoginForm
        onSuccess={(res) => {
          applyLocale(res.user.locale);
          navigate('/', { replace: true });
        }}
      />
    </main>
  );
}
