import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { authStore } from '../../../lib/auth-store';

export const logout = (refreshToken: string) => api.post<void>('/auth/logout', { refreshToken }, { anonymous: true });

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const session = authStore.get();
      if (session) await logout(session.refreshToken).catch(() => undefined);
    },
    onSettled: () => {
      authStore.set(null);
      qc.clear();
    },
  });
}
