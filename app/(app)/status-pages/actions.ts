'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { type ActionState, authedAction } from '@/lib/actions/safe-action';
import {
  addComponent,
  createStatusPage,
  deleteComponent,
  deleteStatusPage,
  moveComponent,
  setStatusPagePassword,
  updateComponent,
  updateStatusPage,
} from '@/lib/status-pages/manage';
import { addPostUpdate, createPost, deletePost, updatePost } from '@/lib/status-pages/posts';
import {
  addComponentSchema,
  addPostUpdateSchema,
  createPostSchema,
  deletePostSchema,
  updatePostSchema,
  componentRefSchema,
  deleteStatusPageSchema,
  moveComponentSchema,
  pagePasswordSchema,
  statusPageFormSchema,
  statusPageRefSchema,
  updateComponentSchema,
  updateStatusPageSchema,
} from '@/lib/status-pages/schemas';

export const createStatusPageAction = authedAction(statusPageFormSchema, async (input, { user }): Promise<ActionState<{ saved: boolean }>> => {
  const page = await createStatusPage({ ctx: { userId: user.id }, input });
  redirect(`/status-pages/${page.id}?notice=created`);
});

export const updateStatusPageAction = authedAction(updateStatusPageSchema, async (input, { user }) => {
  await updateStatusPage({ ctx: { userId: user.id }, input });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { saved: true } };
});

export const deleteStatusPageAction = authedAction(deleteStatusPageSchema, async (input, { user }) => {
  await deleteStatusPage({ ctx: { userId: user.id }, input });
  redirect('/status-pages?notice=deleted');
});

export const setPagePasswordAction = authedAction(pagePasswordSchema, async (input, { user }) => {
  await setStatusPagePassword({ ctx: { userId: user.id }, input });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { protected: true } };
});

export const removePagePasswordAction = authedAction(statusPageRefSchema, async (input, { user }) => {
  await setStatusPagePassword({ ctx: { userId: user.id }, input: { pageId: input.pageId, password: null } });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { protected: false } };
});

export const addComponentAction = authedAction(addComponentSchema, async (input, { user }) => {
  await addComponent({ ctx: { userId: user.id }, input });
  revalidatePath(`/status-pages/${input.pageId}`);
  return { ok: true, data: { name: input.name } };
});

export const updateComponentAction = authedAction(updateComponentSchema, async (input, { user }) => {
  await updateComponent({ ctx: { userId: user.id }, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { name: input.name } };
});

export const deleteComponentAction = authedAction(componentRefSchema, async (input, { user }) => {
  await deleteComponent({ ctx: { userId: user.id }, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { deleted: true } };
});

export const moveComponentAction = authedAction(moveComponentSchema, async (input, { user }) => {
  await moveComponent({ ctx: { userId: user.id }, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { moved: true } };
});

export const createPostAction = authedAction(createPostSchema, async (input, { user }): Promise<ActionState<{ saved: boolean }>> => {
  const post = await createPost({ ctx: { userId: user.id }, input });
  redirect(`/status-pages/${input.pageId}/posts/${post.id}?notice=published`);
});

export const updatePostAction = authedAction(updatePostSchema, async (input, { user }) => {
  await updatePost({ ctx: { userId: user.id }, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { saved: true } };
});

export const addPostUpdateAction = authedAction(addPostUpdateSchema, async (input, { user }) => {
  await addPostUpdate({ ctx: { userId: user.id }, input });
  revalidatePath('/status-pages', 'layout');
  return { ok: true, data: { saved: true } };
});

export const deletePostAction = authedAction(deletePostSchema, async (input, { user }) => {
  const { pageId } = await deletePost({ ctx: { userId: user.id }, input });
  redirect(`/status-pages/${pageId}?notice=post-deleted`);
});
