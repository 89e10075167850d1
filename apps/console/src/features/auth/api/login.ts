import { queryKeys, type LoginRequest, type LoginResponse } from '@babillard/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { authStore } from '../../../lib/auth-store';
import { rememberMe } from '../../../lib/session';

export const login = (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body, { anonymous: true });

export function useLogin(opts: { onSuccess?: (res: LoginResponse) => void } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (res) => {
      qc.clear();
      authStore.set(res);
      rememberMe(res.user);
      qc.setQueryData(queryKeys.me, res.user);
      opts.onSuccess?.(res);
    },
  });
}
