import { useAuthSession } from '../../auth/useAuth';
import { useRouter } from '../../routing/Router';
import { useLoginMutation } from './useLoginMutation';

/** Signs in with an email and password, then opens the feed in place of the form. */
export function useSignIn() {
  const auth = useAuthSession();
  const { navigate } = useRouter();
  const [login, loggingIn] = useLoginMutation();
  const signIn = (email: string, password: string, onError: (error: Error) => void) =>
    login({
      email,
      password,
      onCompleted: (accessToken) => {
        auth.signIn(accessToken);
        navigate('/', { replace: true });
      },
      onError,
    });
  return [signIn, loggingIn] as const;
}
